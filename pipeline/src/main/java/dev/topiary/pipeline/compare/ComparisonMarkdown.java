package dev.topiary.pipeline.compare;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code comparison.md}: one row per branch's final model (and the baseline first) with
 * gzip size, batch-1 p50 and p95, accuracy, and the ratios of {@link Ratios}, a legend line under
 * the table, and the branches on the Pareto fronts. With {@code --repeat N} a column shows the
 * run-to-run range of each model's batch-1 p50 and "× faster" carries the range it allows.
 */
public final class ComparisonMarkdown {

  private ComparisonMarkdown() {}

  /** The comparison as Markdown text, ending with a newline. */
  public static String write(ComparisonReport comparison) {
    Metrics base = comparison.baseline();
    StringBuilder out = new StringBuilder();
    out.append("# Topiary comparison: ").append(comparison.name()).append("\n\n");
    out.append("Every branch started from its own copy of one baseline");
    out.append(comparison.baselineReused() ? " (reused from the baseline cache).\n\n"
        : " (built for this run: trained or loaded).\n\n");
    Set<String> size = comparison.paretoBySize().stream().map(BranchReport::name).collect(Collectors.toSet());
    Set<String> latency = comparison.paretoByLatency().stream().map(BranchReport::name).collect(Collectors.toSet());
    boolean repeated = comparison.baselineRepeats() != null;
    out.append("| branch | final stage | gzip KB | × smaller | batch-1 p50 / p95 µs | "
        + (repeated ? "batch-1 p50 run-to-run µs | " : "") + "× faster | accuracy | Δ accuracy | Pareto |\n");
    out.append("| :--- | :--- | ---: | ---: | ---: | " + (repeated ? "---: | " : "")
        + "---: | ---: | ---: | :--- |\n");
    LatencyRepeats baseRuns = comparison.baselineRepeats();
    out.append(row("baseline", "–", base, base, "", repeated, baseRuns, baseRuns));
    for (BranchReport branch : comparison.branches()) {
      List<String> fronts = new ArrayList<>();
      if (size.contains(branch.name())) {
        fronts.add("size");
      }
      if (latency.contains(branch.name())) {
        fronts.add("latency");
      }
      out.append(row(branch.name(), branch.finalStage(), branch.finalMetrics(), base, String.join(", ", fronts),
          repeated, branch.repeats(), baseRuns));
    }
    out.append('\n').append(Ratios.LEGEND).append(" Pareto: on the front of accuracy against gzip size "
        + "(size) or against batch-1 p50 latency (latency).");
    out.append(repeated ? " " + Ratios.repeatLegend(comparison.repeats()) + "\n" : "\n");
    if (!comparison.unfinished().isEmpty()) {
      out.append("\n## Branches without a result\n\n| branch | status | why |\n| :--- | :--- | :--- |\n");
      for (UnfinishedBranch branch : comparison.unfinished()) {
        out.append("| ").append(escape(branch.name())).append(" | ").append(branch.status()).append(" | ")
            .append(escape(branch.message())).append(" |\n");
      }
    }
    List<String> failed = new ArrayList<>();
    comparison.branches().forEach(branch -> branch.report().gates().stream().filter(g -> !g.passed())
        .forEach(g -> failed.add(g.describe())));
    if (!failed.isEmpty()) {
      out.append("\n## Failed gates\n\n");
      failed.forEach(line -> out.append("- FAIL ").append(line).append('\n'));
    }
    out.append("\nEach branch's full report: ");
    out.append(comparison.branches().stream().map(b -> "`" + b.folder() + "/report.md`")
        .collect(Collectors.joining(", "))).append(".\n");
    return out.toString();
  }

  private static String row(String name, String stage, Metrics m, Metrics base, String pareto, boolean repeated,
      LatencyRepeats runs, LatencyRepeats baseRuns) {
    LatencyStats mine = m.latency().get("batch1");
    LatencyStats theirs = base.latency().get("batch1");
    return "| " + escape(name) + " | " + escape(stage) + " | "
        + String.format(Locale.ROOT, "%.1f", m.gzipBytes() / 1000.0) + " | "
        + Ratios.smaller(m.gzipBytes(), base.gzipBytes()) + " | " + Ratios.p50p95(mine) + " | "
        + (repeated ? Ratios.runToRun(runs) + " | " : "")
        + (m == base ? "1.00×" : Ratios.faster(mine, theirs, runs, baseRuns)) + " | "
        + String.format(Locale.ROOT, "%.4f", m.accuracy()) + " | " + Ratios.points(m.accuracy(), base.accuracy())
        + " | " + pareto + " |\n";
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
