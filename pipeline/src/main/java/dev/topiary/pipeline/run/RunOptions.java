package dev.topiary.pipeline.run;

import java.nio.file.Path;

/**
 * Where a run writes, whether it may replace an existing folder, and how often a comparison
 * measures each model's latency.
 *
 * @param output the output folder, or null for {@code runs/<recipe name>-<yyyyMMdd-HHmmss>} in
 *     the working directory
 * @param force replace an existing output folder (it is moved aside and deleted only once the
 *     new one is in place)
 * @param repeat for a recipe with branches: how many times the baseline's and every branch's final
 *     model's batch-1 latency is measured (the first measurement is the one in the metrics; the
 *     comparison shows the run-to-run range); at least 1, and 1 measures once
 */
public record RunOptions(Path output, boolean force, int repeat) {

  /** Validates {@code repeat}. */
  public RunOptions {
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
  }

  /** Measuring once. */
  public RunOptions(Path output, boolean force) {
    this(output, force, 1);
  }

  /** The default folder, no replacing, measuring once. */
  public static RunOptions defaults() {
    return new RunOptions(null, false);
  }
}
