package dev.topiary.pipeline.compare;

import dev.topiary.core.measure.Metrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several branches measured against one baseline: what {@code topiary run} writes for a recipe
 * with {@code branches:} and {@code topiary compare} for several recipes, as
 * {@code comparison.json} ({@link ComparisonJson}) and {@code comparison.md}
 * ({@link ComparisonMarkdown}). A sweep builds one from its branches' reports the same way.
 *
 * @param name the comparison's name (the recipe's, or the recipes' joined by {@code +})
 * @param baseline the baseline every branch started from
 * @param baselineReused true if the baseline came from the baseline cache instead of training
 * @param branches the branches in order, with unique names
 * @param baselineRepeats the run-to-run variation of the baseline's batch-1 latency
 *     ({@code topiary compare --repeat N}), or null when every model was measured once; when given,
 *     every branch has its own of the same count
 * @param unfinished a sweep's branches without a report (failed or skipped), in branch order; empty
 *     for a comparison whose every branch finished
 */
public record ComparisonReport(String name, Metrics baseline, boolean baselineReused, List<BranchReport> branches,
    LatencyRepeats baselineRepeats, List<UnfinishedBranch> unfinished) {

  /** A comparison whose models were measured once each. */
  public ComparisonReport(String name, Metrics baseline, boolean baselineReused, List<BranchReport> branches) {
    this(name, baseline, baselineReused, branches, null);
  }

  /** A comparison whose every branch finished. */
  public ComparisonReport(String name, Metrics baseline, boolean baselineReused, List<BranchReport> branches,
      LatencyRepeats baselineRepeats) {
    this(name, baseline, baselineReused, branches, baselineRepeats, List.of());
  }

  /** Validates the parts and copies the list. */
  public ComparisonReport {
    if (name == null || baseline == null) {
      throw new IllegalArgumentException("name and baseline must not be null");
    }
    branches = List.copyOf(branches);
    unfinished = unfinished == null ? List.of() : List.copyOf(unfinished);
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one branch");
    }
    Set<String> names = new HashSet<>();
    for (BranchReport branch : branches) {
      if (!names.add(branch.name())) {
        throw new IllegalArgumentException("branch names must be unique, got '" + branch.name() + "' twice");
      }
      int expected = baselineRepeats == null ? 0 : baselineRepeats.count();
      int given = branch.repeats() == null ? 0 : branch.repeats().count();
      if (given != expected) {
        throw new IllegalArgumentException("branch '" + branch.name() + "' has " + given
            + " run-to-run measurements, the baseline " + expected + "; every model needs the same number");
      }
    }
  }

  /** How many times each model's batch-1 latency was measured: 1, or {@code N} of {@code --repeat N}. */
  public int repeats() {
    return baselineRepeats == null ? 1 : baselineRepeats.count();
  }

  /**
   * The branches on the Pareto front of accuracy (higher is better) against gzip size (smaller is
   * better): neither another branch nor the baseline is at least as good in both and better in one
   * (the HTML chart draws the same front). In branch order.
   */
  public List<BranchReport> paretoBySize() {
    return pareto(true);
  }

  /** The branches on the Pareto front of accuracy against batch-1 median latency, in branch order. */
  public List<BranchReport> paretoByLatency() {
    return pareto(false);
  }

  private List<BranchReport> pareto(boolean size) {
    return branches.stream().filter(candidate -> !dominates(baseline, candidate.finalMetrics(), size)
        && branches.stream().noneMatch(other -> other != candidate
        && dominates(other.finalMetrics(), candidate.finalMetrics(), size))).toList();
  }

  private static boolean dominates(Metrics a, Metrics b, boolean size) {
    double costA = size ? a.gzipBytes() : Ratios.batch1Micros(a);
    double costB = size ? b.gzipBytes() : Ratios.batch1Micros(b);
    if (Double.isNaN(costA) || Double.isNaN(costB)) {
      return false;
    }
    return a.accuracy() >= b.accuracy() && costA <= costB && (a.accuracy() > b.accuracy() || costA < costB);
  }
}
