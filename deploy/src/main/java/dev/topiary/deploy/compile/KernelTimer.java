package dev.topiary.deploy.compile;

import dev.topiary.runtime.RuntimeModel;
import java.util.Arrays;

/**
 * Times candidate models at batch 1 on the same rows: a warm-up for the JIT (at least
 * {@value #WARM_UP_CALLS} calls and half the budget, but at most five times the budget or ten
 * seconds, whichever is longer: C2 must have compiled both kernels), then rounds that alternate the
 * candidates so that both see the same machine state; the median round counts.
 */
final class KernelTimer {

  private static final int ROUNDS = 7;
  /** Calls each candidate gets before timing however short the budget, so that C2 has compiled it. */
  private static final int WARM_UP_CALLS = 20_000;

  /**
   * The longest warm-up of one candidate, whatever the budget: Vector API kernels run thousands of
   * times slower before C2 has compiled them (about 1.5 s for a 784×300 sparse layer on a loaded
   * two-core machine), and a candidate timed before that loses for the wrong reason.
   */
  private static final long WARM_UP_LIMIT_NANOS = 10_000_000_000L;

  /** Keeps the results alive so the JIT cannot drop the calls. */
  private static volatile long sinkHole;

  private KernelTimer() {}

  /** Microseconds per batch-1 call of each candidate, over {@code rows} examples of {@code inputSize}. */
  static double[] microsPerCall(RuntimeModel[] candidates, float[] rows, int rowCount, int millis) {
    int inputSize = candidates[0].inputSize();
    float[][] singles = new float[rowCount][];
    for (int r = 0; r < rowCount; r++) {
      singles[r] = Arrays.copyOfRange(rows, r * inputSize, (r + 1) * inputSize);
    }
    long sink = 0;
    long warmUpNanos = millis * 500_000L;
    for (RuntimeModel candidate : candidates) {
      long end = System.nanoTime() + warmUpNanos;
      int r = 0;
      long limit = System.nanoTime() + Math.max(10 * warmUpNanos, WARM_UP_LIMIT_NANOS);
      for (int calls = 0; (calls < WARM_UP_CALLS || System.nanoTime() < end) && System.nanoTime() < limit;
          calls += 16) {
        for (int k = 0; k < 16; k++) {
          sink += Float.floatToRawIntBits(candidate.predict(singles[r], 1)[0]);
          r = r + 1 == rowCount ? 0 : r + 1;
        }
      }
    }
    long roundNanos = Math.max(100_000L, millis * 500_000L / ROUNDS);
    double[][] perRound = new double[candidates.length][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int c = 0; c < candidates.length; c++) {
        RuntimeModel candidate = candidates[c];
        long start = System.nanoTime();
        long end = start + roundNanos;
        long calls = 0;
        int r = 0;
        long now;
        do {
          for (int k = 0; k < 16; k++) {
            sink += Float.floatToRawIntBits(candidate.predict(singles[r], 1)[0]);
            r = r + 1 == rowCount ? 0 : r + 1;
          }
          calls += 16;
          now = System.nanoTime();
        } while (now < end);
        perRound[c][round] = (now - start) / 1000.0 / calls;
      }
    }
    sinkHole = sink;
    double[] medians = new double[candidates.length];
    for (int c = 0; c < candidates.length; c++) {
      double[] sorted = perRound[c].clone();
      Arrays.sort(sorted);
      medians[c] = sorted[ROUNDS / 2];
    }
    return medians;
  }
}
