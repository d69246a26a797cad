package dev.topiary.pruning;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern of a mask: {@code unstructured} (any weight may go) or N:M (in every group of M
 * consecutive weights of one output unit's fan-in, the N with the largest scores stay).
 *
 * <p>The N:M grouping axis is the fan-in, i.e. the reduction axis of the layer's matrix product,
 * in DL4J's memory order: for a dense or output layer ({@code W} of shape {@code [nIn, nOut]}) the
 * groups run along {@code nIn} for each output column; for a convolution ({@code W} of shape
 * {@code [nOut, nIn, kH, kW]}) along the flattened {@code nIn·kH·kW} of each output channel, in
 * that (channel, row, column) order, which is the row of the im2col product. The fan-in must be a
 * multiple of M. N:M fixes the sparsity at {@code 1 − N/M}, applies to weights only (not biases)
 * and prunes in one shot.
 *
 * @param n weights kept per group; 0 for unstructured
 * @param m group size; 0 for unstructured
 */
public record Granularity(int n, int m) {

  /** Any weight may be pruned. */
  public static final Granularity UNSTRUCTURED = new Granularity(0, 0);

  private static final Pattern N_OF_M = Pattern.compile("(\\d+):(\\d+)");

  /** Checks {@code 0 < n < m} (or both zero for unstructured). */
  public Granularity {
    if (!(n == 0 && m == 0) && !(n > 0 && n < m)) {
      throw new IllegalArgumentException("granularity '" + n + ":" + m
          + "' needs 0 < N < M (keep N of every M weights)");
    }
  }

  /**
   * Reads {@code unstructured} or {@code N:M}, e.g. {@code 2:4}.
   *
   * @throws IllegalArgumentException if the text is neither, or N ≥ M
   */
  public static Granularity parse(String text) {
    if (text == null || text.equals("unstructured")) {
      return UNSTRUCTURED;
    }
    Matcher matcher = N_OF_M.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("granularity must be 'unstructured' or 'N:M' such as '2:4', got '"
          + text + "'");
    }
    int n;
    int m;
    try {
      n = Integer.parseInt(matcher.group(1));
      m = Integer.parseInt(matcher.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("granularity '" + text + "' has a number too large", e);
    }
    return new Granularity(n, m);
  }

  /** True for {@code unstructured}. */
  public boolean unstructured() {
    return m == 0;
  }

  /** The sparsity an N:M pattern fixes ({@code 1 − N/M}); 0 for unstructured. */
  public double impliedSparsity() {
    return unstructured() ? 0 : 1.0 - (double) n / m;
  }

  /** As a recipe writes it: {@code unstructured} or {@code N:M}. */
  @Override
  public String toString() {
    return unstructured() ? "unstructured" : n + ":" + m;
  }
}
