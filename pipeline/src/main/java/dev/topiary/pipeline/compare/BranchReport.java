package dev.topiary.pipeline.compare;

import dev.topiary.core.measure.Metrics;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.StageReport;
import java.util.List;

/**
 * One branch of a comparison: its name, where its own report folder is (relative to the
 * comparison's folder), and its full report.
 *
 * @param name the branch's name (for {@code topiary compare}: the recipe's name)
 * @param folder the branch's report folder relative to the comparison's, e.g. {@code branches/fast}
 * @param report the branch's run: baseline, declared models, each stage
 * @param repeats the run-to-run variation of the final model's batch-1 latency
 *     ({@code topiary compare --repeat N}), or null when it was measured once
 */
public record BranchReport(String name, String folder, PipelineReport report, LatencyRepeats repeats) {

  /** A branch whose final model was measured once. */
  public BranchReport(String name, String folder, PipelineReport report) {
    this(name, folder, report, null);
  }

  /** Checks the parts are present. */
  public BranchReport {
    if (name == null || folder == null || report == null) {
      throw new IllegalArgumentException("name, folder and report must not be null");
    }
  }

  /** The measurements of the branch's final model: its last stage's, or the baseline's without stages. */
  public Metrics finalMetrics() {
    List<StageReport> stages = report.stages();
    return stages.isEmpty() ? report.baseline() : stages.get(stages.size() - 1).metrics();
  }

  /** The name of the branch's last stage, or {@code baseline} without stages. */
  public String finalStage() {
    List<StageReport> stages = report.stages();
    return stages.isEmpty() ? "baseline" : stages.get(stages.size() - 1).name();
  }
}
