package dev.topiary.pipeline.run;

import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.report.PipelineReport;
import java.nio.file.Path;

/**
 * A finished run.
 *
 * @param outputDirectory the folder holding {@code report.json}, {@code report.md}, the model,
 *     {@code recipe.resolved.yaml} and {@code stages/}
 * @param report what was measured; for a recipe with branches, the baseline and declared models
 *     only (each branch's report is in {@code comparison})
 * @param comparison for a recipe with branches, every branch's report; otherwise null
 */
public record RunResult(Path outputDirectory, PipelineReport report, ComparisonReport comparison) {

  /** Every gate that failed: the run's, or every branch's. */
  public java.util.List<dev.topiary.pipeline.gate.GateResult> failedGates() {
    java.util.List<dev.topiary.pipeline.gate.GateResult> failed = new java.util.ArrayList<>();
    java.util.List<PipelineReport> reports = comparison == null ? java.util.List.of(report)
        : comparison.branches().stream().map(dev.topiary.pipeline.compare.BranchReport::report).toList();
    for (PipelineReport one : reports) {
      one.gates().stream().filter(gate -> !gate.passed()).forEach(failed::add);
    }
    return failed;
  }

  /** The result of a run without branches. */
  public RunResult(Path outputDirectory, PipelineReport report) {
    this(outputDirectory, report, null);
  }
}
