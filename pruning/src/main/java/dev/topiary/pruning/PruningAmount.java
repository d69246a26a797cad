package dev.topiary.pruning;

/**
 * How much to prune: a fraction of the scored weights, an absolute number of them, or every weight
 * whose score is at most a threshold. Exactly one of the three is set.
 *
 * <p>A fraction prunes {@code round(sparsity·n)} of {@code n} weights, rounding half to even as
 * {@code torch.nn.utils.prune} does ({@link #countOf}). With
 * {@link Scope#LAYER}, sparsity and count apply to each selected layer on its own; with
 * {@link Scope#GLOBAL}, to all selected weights together.
 *
 * @param sparsity fraction in [0, 1), or null
 * @param count number of weights, at least 0, or null
 * @param threshold prune scores ≤ this (non-negative), or null
 */
public record PruningAmount(Double sparsity, Long count, Double threshold) {

  /** Checks that exactly one is given and that it is in range. */
  public PruningAmount {
    int given = (sparsity == null ? 0 : 1) + (count == null ? 0 : 1) + (threshold == null ? 0 : 1);
    if (given == 0) {
      throw new IllegalArgumentException("give exactly one of sparsity and count, got neither");
    }
    if (sparsity != null && count != null) {
      throw new IllegalArgumentException("give exactly one of sparsity and count, got both (sparsity " + sparsity
          + ", count " + count + ")");
    }
    if (given > 1) {
      throw new IllegalArgumentException("a threshold excludes sparsity and count");
    }
    if (sparsity != null) {
      checkSparsity("sparsity", sparsity);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    if (threshold != null && !(threshold >= 0 && Double.isFinite(threshold))) {
      throw new IllegalArgumentException("threshold must be a non-negative number, got " + threshold);
    }
  }

  /** Prunes a fraction in [0, 1). */
  public static PruningAmount sparsity(double sparsity) {
    return new PruningAmount(sparsity, null, null);
  }

  /** Prunes this many weights (per layer or in total, by scope). */
  public static PruningAmount count(long count) {
    return new PruningAmount(null, count, null);
  }

  /** Prunes every weight whose score is at most {@code threshold}. */
  public static PruningAmount threshold(double threshold) {
    return new PruningAmount(null, null, threshold);
  }

  /**
   * The number of weights to prune of {@code n}; {@code what} names the pool in the error message.
   *
   * @throws IllegalArgumentException if a count exceeds {@code n}
   */
  long prunedOf(long n, String what) {
    if (count != null) {
      if (count > n) {
        throw new IllegalArgumentException("count " + count + " exceeds the " + n + " selected weights " + what);
      }
      return count;
    }
    return countOf(sparsity, n);
  }

  /**
   * The number of {@code n} weights (or units) a fraction prunes, the way {@code torch.nn.utils.prune}
   * computes it: {@code round(fraction · n)} in double precision, half to even (Python's
   * {@code round}). So 0.5 of 5 is 2, 0.5 of 7 is 4, 0.3 of 5 is 2 and 0.6 of 6 is 4 (0.6 · 6 is
   * 3.5999… in double precision). Structured pruning counts units the same way.
   *
   * @throws IllegalArgumentException if {@code fraction} is not in [0, 1] or {@code n} is negative
   */
  public static long countOf(double fraction, long n) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
    }
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    return (long) Math.rint(fraction * n);
  }

  /** Throws the standard message unless {@code value} is in [0, 1). */
  static void checkSparsity(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
    }
  }
}
