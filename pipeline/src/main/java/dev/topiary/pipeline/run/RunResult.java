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
 * @param branchProblems for a {@link RunOptions#tolerant()} run: branch name to why it has no
 *     report (its failure's message, or that it was skipped), in branch order; empty otherwise
 */
public record RunResult(Path outputDirectory, PipelineReport report, ComparisonReport comparison,
    java.util.Map<String, BranchProblem> branchProblems) {

  /** Copies the problems, keeping their order. */
  public RunResult {
    branchProblems = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(branchProblems));
  }

  /** A result without branch problems. */
  public RunResult(Path outputDirectory, PipelineReport report, ComparisonReport comparison) {
    this(outputDirectory, report, comparison, java.util.Map.of());
  }

  /**
   * Why a branch of a tolerant run has no report.
   *
   * @param skipped true if it was not started (the deadline had passed), false if it failed
   * @param message the failure's message, or why it was skipped
   */
  public record BranchProblem(boolean skipped, String message) {}

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
