package dev.topiary.pruning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to prune and how much: the selected parameters, the amount, its scope, the mask pattern,
 * per-layer overrides and the number of rounds. Build one with {@link #builder()}.
 *
 * <p>Rules: an unstructured plan needs an amount; an N:M plan has none (the pattern fixes the
 * sparsity), no biases and no overrides. {@code overrides} map a layer selector (index, type or
 * name, as in {@link LayerSelection}) to that layer's own sparsity; with {@link Scope#GLOBAL} the
 * overridden layers are pruned on their own and the others share the global ranking. With more
 * than one iteration the plan prunes in rounds, re-scoring the masked model each round, with the
 * exponential schedule of Tanaka et al. (2020): after round r of R the density is
 * {@code d^(r/R)} for a final density d. Thresholds and N:M patterns prune in one round.
 *
 * @param selection which parameters may be pruned
 * @param amount how much to prune; null for an N:M pattern
 * @param scope per layer or across layers
 * @param granularity unstructured or N:M
 * @param overrides layer selector to that layer's sparsity, in [0, 1)
 * @param iterations rounds of scoring and pruning, at least 1
 */
public record PruningPlan(LayerSelection selection, PruningAmount amount, Scope scope, Granularity granularity,
    Map<String, Double> overrides, int iterations) {

  /** Fills defaults and checks the rules above. */
  public PruningPlan {
    selection = selection == null ? LayerSelection.ALL_WEIGHTS : selection;
    scope = scope == null ? Scope.DEFAULT : scope;
    granularity = granularity == null ? Granularity.UNSTRUCTURED : granularity;
    overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
    }
    overrides.forEach((layer, sparsity) -> {
      if (sparsity == null) {
        throw new IllegalArgumentException("overrides." + layer + " must be in [0, 1), got null");
      }
      PruningAmount.checkSparsity("overrides." + layer, sparsity);
    });
    if (granularity.unstructured()) {
      if (amount == null) {
        throw new IllegalArgumentException("give exactly one of sparsity and count, got neither");
      }
      if (amount.threshold() != null && !overrides.isEmpty()) {
        throw new IllegalArgumentException("overrides do not apply to a threshold");
      }
    } else {
      if (amount != null) {
        throw new IllegalArgumentException("granularity " + granularity + " fixes the sparsity at "
            + granularity.impliedSparsity() + "; leave out sparsity and count");
      }
      if (selection.includeBias()) {
        throw new IllegalArgumentException("includeBias does not apply to granularity " + granularity
            + " (N:M patterns are for weights)");
      }
      if (!overrides.isEmpty()) {
        throw new IllegalArgumentException("overrides do not apply to granularity " + granularity);
      }
    }
  }

  /** A builder: every prunable layer's weights, global scope ({@link Scope#DEFAULT}), unstructured, one round. */
  public static Builder builder() {
    return new Builder();
  }

  /** Rounds actually run: one for thresholds and N:M patterns, else {@link #iterations()}. */
  public int rounds() {
    return !granularity.unstructured() || amount.threshold() != null ? 1 : iterations;
  }

  /** Builds a {@link PruningPlan}; {@link #build()} validates. */
  public static final class Builder {
    private final List<String> layers = new ArrayList<>();
    private boolean includeBias;
    private boolean skipFirst;
    private boolean skipLast;
    private PruningAmount amount;
    private Scope scope = Scope.DEFAULT;
    private Granularity granularity = Granularity.UNSTRUCTURED;
    private final Map<String, Double> overrides = new LinkedHashMap<>();
    private int iterations = 1;

    private Builder() {}

    /** Prunes this fraction, in [0, 1). */
    public Builder sparsity(double sparsity) {
      this.amount = PruningAmount.sparsity(sparsity);
      return this;
    }

    /** Prunes this many weights (per layer with layer scope, in total with global scope). */
    public Builder count(long count) {
      this.amount = PruningAmount.count(count);
      return this;
    }

    /** Prunes every weight whose score is at most {@code threshold}. */
    public Builder threshold(double threshold) {
      this.amount = PruningAmount.threshold(threshold);
      return this;
    }

    /** Sets the amount directly (null for an N:M pattern). */
    public Builder amount(PruningAmount amount) {
      this.amount = amount;
      return this;
    }

    /** Adds layer selectors (index, type or name); none means all prunable layers. */
    public Builder layers(String... selectors) {
      return layers(Arrays.asList(selectors));
    }

    /** Adds layer selectors (index, type or name); none means all prunable layers. */
    public Builder layers(List<String> selectors) {
      layers.addAll(selectors);
      return this;
    }

    /** Also prunes biases of the selected layers. */
    public Builder includeBias(boolean includeBias) {
      this.includeBias = includeBias;
      return this;
    }

    /** Leaves the network's first prunable layer alone. */
    public Builder skipFirst(boolean skipFirst) {
      this.skipFirst = skipFirst;
      return this;
    }

    /** Leaves the network's last prunable layer alone. */
    public Builder skipLast(boolean skipLast) {
      this.skipLast = skipLast;
      return this;
    }

    /** Per layer or across all selected layers; default {@link Scope#DEFAULT} (global). */
    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    /** Unstructured (default) or N:M. */
    public Builder granularity(Granularity granularity) {
      this.granularity = granularity;
      return this;
    }

    /** Gives the layers {@code layer} selects their own sparsity. */
    public Builder override(String layer, double sparsity) {
      overrides.put(layer, sparsity);
      return this;
    }

    /** Adds several overrides. */
    public Builder overrides(Map<String, Double> more) {
      overrides.putAll(more);
      return this;
    }

    /** Rounds of scoring and pruning (exponential schedule); default 1. */
    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /**
     * The validated plan.
     *
     * @throws IllegalArgumentException naming the bad field and value
     */
    public PruningPlan build() {
      return new PruningPlan(new LayerSelection(layers, includeBias, skipFirst, skipLast), amount, scope,
          granularity, overrides, iterations);
    }
  }
}
