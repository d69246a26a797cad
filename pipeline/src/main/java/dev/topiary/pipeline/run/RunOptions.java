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
 * @param tolerant for a recipe with branches (a sweep): a branch whose stage fails or whose input
 *     is bad is reported in {@link RunResult#branchProblems()} and the run goes on with the next
 *     branch, instead of failing the run
 * @param deadlineMillis for a recipe with branches: branches not started by this
 *     time of the runner's clock (epoch milliseconds) are skipped (reported in {@link RunResult#branchProblems()});
 *     {@link Long#MAX_VALUE} for none
 */
public record RunOptions(Path output, boolean force, int repeat, boolean tolerant, long deadlineMillis) {

  /** Validates {@code repeat}. */
  public RunOptions {
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
  }

  /** Failing at the first failing branch, no deadline. */
  public RunOptions(Path output, boolean force, int repeat) {
    this(output, force, repeat, false, Long.MAX_VALUE);
  }

  /** Measuring once. */
  public RunOptions(Path output, boolean force) {
    this(output, force, 1);
  }

  /**
   * A sweep's in-process run: measuring once, a failing branch reported and the next one run, no
   * branch started after {@code deadlineMillis} (epoch milliseconds; {@link Long#MAX_VALUE} for none).
   */
  public static RunOptions tolerantUntil(Path output, boolean force, long deadlineMillis) {
    return new RunOptions(output, force, 1, true, deadlineMillis);
  }

  /** The default folder, no replacing, measuring once. */
  public static RunOptions defaults() {
    return new RunOptions(null, false);
  }
}
