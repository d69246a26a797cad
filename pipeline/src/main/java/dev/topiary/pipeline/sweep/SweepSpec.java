package dev.topiary.pipeline.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recipe's {@code sweep:} section, validated and with every range expanded to its values.
 *
 * <pre>
 * sweep:
 *   mode: grid                 # or random (then trials: N, seed: S)
 *   parameters:                # &lt;stage name&gt;.&lt;parameter&gt;: list, or {from, to, step}
 *     prune.sparsity: [0.5, 0.7, 0.9]
 *     finetune.epochs: {from: 1, to: 3, step: 1}
 *     quantize.enabled: [true, false]   # enabled: false leaves the stage out
 *     runtime: [fp32, int8]             # a switch: exactly one of the named stages (or none)
 *   # or parameters: [{…}, {…}]: several grids, the branches of each after those of the one before
 *   budget: {maxAccuracyDrop: 1.0, maxWallSeconds: 3600}   # points; seconds
 *   objective: pareto-size     # pareto-latency, smallest-within-budget
 * </pre>
 *
 * @param mode how the parameter values combine
 * @param trials for {@link Mode#RANDOM}: how many distinct combinations are drawn; 0 for grid
 * @param seed for {@link Mode#RANDOM}: the seed of the draw (default: the recipe's seed)
 * @param grids one or more grids, each {@code <stage>.<parameter>} (or a switch's name) to its
 *     values, in the recipe's order; the sweep's branches are those of every grid, one after another
 * @param maxAccuracyDrop the accuracy budget in points below the baseline, or null for none
 * @param maxWallSeconds the wall-time budget of the whole sweep in seconds, or null for none;
 *     branches not started by then are reported as skipped
 * @param objective how the sweep picks its answer among the measured branches
 */
public record SweepSpec(Mode mode, int trials, long seed, List<Map<String, List<JsonNode>>> grids,
    Double maxAccuracyDrop, Long maxWallSeconds, Objective objective) {

  /** The most branches a sweep may expand into without {@code --allow-large}. */
  public static final int MAX_BRANCHES = 1000;

  /** The most branches a sweep may expand into with {@code --allow-large}. */
  public static final int MAX_BRANCHES_ALLOWED_LARGE = 100_000;

  /** Copies the grids, keeping their order. */
  public SweepSpec {
    if (mode == null || objective == null || grids == null || grids.isEmpty()) {
      throw new IllegalArgumentException("mode, objective and at least one grid must be given");
    }
    List<Map<String, List<JsonNode>>> copies = new ArrayList<>();
    for (Map<String, List<JsonNode>> grid : grids) {
      Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
      grid.forEach((key, values) -> copy.put(key, List.copyOf(values)));
      copies.add(Collections.unmodifiableMap(copy));
    }
    grids = List.copyOf(copies);
  }

  /** A sweep of one grid. */
  public SweepSpec(Mode mode, int trials, long seed, Map<String, List<JsonNode>> parameters, Double maxAccuracyDrop,
      Long maxWallSeconds, Objective objective) {
    this(mode, trials, seed, List.of(parameters), maxAccuracyDrop, maxWallSeconds, objective);
  }

  /** How parameter values combine into branches. */
  public enum Mode {
    /** Every combination, the last parameter varying fastest. */
    GRID,
    /** {@code trials} distinct combinations of the grid drawn with {@code seed}, in grid order. */
    RANDOM;

    /** The name in a recipe. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the sweep answers. */
  public enum Objective {
    /** The Pareto front of accuracy against gzip size, within the accuracy budget. */
    PARETO_SIZE("pareto-size"),
    /** The Pareto front of accuracy against batch-1 median latency, within the accuracy budget. */
    PARETO_LATENCY("pareto-latency"),
    /** The branch with the smallest gzip size whose accuracy drop is within the budget. */
    SMALLEST_WITHIN_BUDGET("smallest-within-budget");

    private final String key;

    Objective(String key) {
      this.key = key;
    }

    /** The name in a recipe. */
    public String key() {
      return key;
    }
  }
}
