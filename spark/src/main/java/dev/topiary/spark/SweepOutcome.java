package dev.topiary.spark;

import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.sweep.SweepChoice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A finished sweep.
 *
 * @param folder the sweep's folder: {@code comparison.json}, {@code comparison.md},
 *     {@code sweep.json}, {@code sweep.md} and {@code branches/<name>/}
 * @param comparison the branches that ran, against the baseline; null if none did
 * @param choice the objective's pick among them; null if none ran
 * @param failed branch name to its message, for the branches that failed for their own reasons
 * @param skipped the branches not started because the wall-time budget had passed
 * @param retriedTasks how many tasks Spark ran more than once (a failed attempt, a lost executor)
 * @param master the Spark master the sweep ran on
 */
public record SweepOutcome(Path folder, ComparisonReport comparison, SweepChoice choice, Map<String, String> failed,
    List<String> skipped, int retriedTasks, String master) {

  /** Copies the collections. */
  public SweepOutcome {
    failed = Map.copyOf(failed);
    skipped = List.copyOf(skipped);
  }
}
