package dev.topiary.pipeline.sweep;

import dev.topiary.core.measure.Metrics;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.Ratios;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a sweep's objective picks among its measured branches: the branches within the accuracy
 * budget, the Pareto front among them (or the smallest of them), and the one branch named as the
 * answer with the reason.
 *
 * @param withinBudget the branches whose accuracy drop is within {@code budget.maxAccuracyDrop}
 *     (all of them without one), in branch order
 * @param front for a Pareto objective, the front among {@code withinBudget}; otherwise the pick alone
 * @param pick the answer: the smallest (gzip bytes, then branch order) on the front; null if no
 *     branch is within the budget
 * @param reason one sentence saying why
 */
public record SweepChoice(List<String> withinBudget, List<String> front, String pick, String reason) {

  /** Copies the lists. */
  public SweepChoice {
    withinBudget = List.copyOf(withinBudget);
    front = List.copyOf(front);
  }

  /** The choice of {@code spec}'s objective among {@code comparison}'s branches. */
  public static SweepChoice of(ComparisonReport comparison, SweepSpec spec) {
    Metrics base = comparison.baseline();
    List<BranchReport> within = comparison.branches().stream()
        .filter(b -> spec.maxAccuracyDrop() == null
            || 100 * (base.accuracy() - b.finalMetrics().accuracy()) <= spec.maxAccuracyDrop() + 1e-9)
        .toList();
    String budget = spec.maxAccuracyDrop() == null ? "" : String.format(Locale.ROOT,
        " within %.2f points of the baseline's accuracy", spec.maxAccuracyDrop());
    if (within.isEmpty()) {
      return new SweepChoice(List.of(), List.of(), null, "no branch is" + budget);
    }
    Comparator<BranchReport> smallest = Comparator.comparingLong(b -> b.finalMetrics().gzipBytes());
    List<BranchReport> front = switch (spec.objective()) {
      case SMALLEST_WITHIN_BUDGET -> List.of(within.stream().min(smallest).orElseThrow());
      case PARETO_SIZE -> new ComparisonReport(comparison.name(), base, comparison.baselineReused(), within,
          comparison.baselineRepeats())
          .paretoBySize();
      case PARETO_LATENCY -> new ComparisonReport(comparison.name(), base, comparison.baselineReused(), within,
          comparison.baselineRepeats())
          .paretoByLatency();
    };
    BranchReport pick = front.stream().min(smallest).orElseThrow();
    Metrics m = pick.finalMetrics();
    String reason = String.format(Locale.ROOT, "%s: the smallest (%d gzip bytes, accuracy %.2f %%, %+.2f points, "
        + "batch-1 p50 %.1f µs) of the %d %s%s", spec.objective().key(), m.gzipBytes(),
        100 * m.accuracy(), 100 * (m.accuracy() - base.accuracy()), Ratios.batch1Micros(m),
        spec.objective() == SweepSpec.Objective.SMALLEST_WITHIN_BUDGET ? within.size() : front.size(),
        spec.objective() == SweepSpec.Objective.SMALLEST_WITHIN_BUDGET ? "branches" : "branches on the front",
        budget);
    return new SweepChoice(within.stream().map(BranchReport::name).toList(),
        front.stream().map(BranchReport::name).toList(), pick.name(), reason);
  }
}
