package dev.topiary.core.measure;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.Inference;
import java.util.Arrays;

/** Times forward calls of one batch size: warm-up, then timed calls, median and 95th percentile. */
final class LatencyTimer {

  private LatencyTimer() {}

  /**
   * Times {@code inference} on the first {@code batchSize} rows of {@code data} (cycling through
   * the rows if there are fewer): the batch is prepared once, then called untimed until both
   * {@code warmup} calls and {@code warmupMillis} milliseconds have passed, then {@code iterations}
   * times timed.
   */
  static LatencyStats time(Inference inference, Dataset data, int batchSize, int warmup, long warmupMillis,
      int iterations) {
    long[] nanos = new long[iterations];
    try (Inference.Batch batch = inference.prepare(cyclicRows(data, batchSize), batchSize)) {
      long warmupEnd = System.nanoTime() + warmupMillis * 1_000_000L;
      for (int i = 0; i < warmup || System.nanoTime() < warmupEnd; i++) {
        inference.forward(batch);
      }
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        inference.forward(batch);
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    return new LatencyStats(batchSize, percentileMicros(nanos, 50), percentileMicros(nanos, 95), iterations);
  }

  /** The nearest-rank {@code percent}-th percentile of sorted nanosecond times, in microseconds. */
  static double percentileMicros(long[] sortedNanos, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(1, Math.min(rank, sortedNanos.length)) - 1] / 1000.0;
  }

  /** {@code count} feature rows of {@code data}, starting over at row 0 when the rows run out. */
  static float[] cyclicRows(Dataset data, int count) {
    int width = data.featureCount();
    float[] rows = new float[count * width];
    for (int row = 0; row < count; row++) {
      System.arraycopy(data.features(), (row % data.rows()) * width, rows, row * width, width);
    }
    return rows;
  }
}
