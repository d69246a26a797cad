package dev.topiary.spark;

import java.nio.file.Path;

/**
 * How {@link SparkSweep} runs a sweep.
 *
 * @param master the Spark master ({@code local[N]}, {@code spark://host:port}, {@code yarn}), or
 *     null to take the one {@code spark-submit} set (or {@code local[N]} with N from
 *     {@link SparkSweep#defaultLocalThreads} when none is set)
 * @param executors the number of executors to ask a cluster for, or null for Spark's default
 * @param output the sweep's folder, or null for {@code runs/<recipe name>-sweep-<yyyyMMdd-HHmmss>}
 * @param force replace an existing output folder
 * @param cacheDir the baseline cache folder, or null for the default ({@code BaselineCache.defaultFolder()})
 * @param noCache train the baseline afresh into a cache of this sweep's own
 * @param allowLarge allow more than {@code SweepSpec.MAX_BRANCHES} branches ({@code --allow-large})
 */
public record SweepOptions(String master, Integer executors, Path output, boolean force, Path cacheDir,
    boolean noCache, boolean allowLarge) {

  /** Options without {@code --allow-large}. */
  public SweepOptions(String master, Integer executors, Path output, boolean force, Path cacheDir, boolean noCache) {
    this(master, executors, output, force, cacheDir, noCache, false);
  }

  /** Checks the executor count. */
  public SweepOptions {
    if (executors != null && executors < 1) {
      throw new IllegalArgumentException("executors must be at least 1, got " + executors);
    }
  }
}
