package dev.topiary.core.measure;

import java.util.HashSet;
import java.util.List;

/**
 * How the meter measures latency: the recipe's {@code measure:} section, e.g.
 * {@code measure: {batchSizes: [1, 64], warmup: 20, warmupMillis: 1000, iterations: 200, threads: 1}};
 * every key is optional.
 *
 * <p>Warm-up runs until both {@code warmup} calls and {@code warmupMillis} have passed, for every
 * batch size of every model. The time matters more than the count: DL4J spends most of a small
 * network's batch-1 call in Java code, which the JIT compiles only after thousands of calls. With
 * a short warm-up the first model timed in a process (the baseline) pays for the compilation and
 * looks slower than the models after it.
 *
 * <p>{@code threads} limits ND4J's native threads while the meter times a model: the OpenBLAS
 * threads (matrix multiplies of dense and convolution layers), the OpenMP threads of libnd4j and
 * libnd4j's own worker pool (element-wise ops, activations, pooling). The pool's size is fixed when
 * ND4J starts (by {@code OMP_NUM_THREADS} or the number of cores), so libnd4j never uses more than
 * that, whatever {@code threads} says. The limits are process-wide and restored after timing.
 *
 * @param batchSizes batch sizes to time, each at least 1 and distinct; default {@code [1, 64]}
 * @param warmup untimed calls before timing each batch size, at least 0; default 20
 * @param warmupMillis the least time spent on untimed calls before timing each batch size, in
 *     milliseconds, at least 0; default 1000
 * @param iterations timed calls per batch size, at least 1; default 200
 * @param threads ND4J native threads while timing, at least 1; default 1
 */
public record MeterSettings(List<Integer> batchSizes, Integer warmup, Integer warmupMillis, Integer iterations,
    Integer threads) {

  /** Validates the values, naming the field, and fills in the defaults. */
  public MeterSettings {
    batchSizes = batchSizes == null ? List.of(1, 64) : batchSizes;
    if (batchSizes.isEmpty()) {
      throw new IllegalArgumentException("measure.batchSizes: must list at least one batch size");
    }
    for (Integer size : batchSizes) {
      if (size == null || size < 1) {
        throw new IllegalArgumentException("measure.batchSizes: every batch size must be at least 1, got "
            + batchSizes);
      }
    }
    if (new HashSet<>(batchSizes).size() != batchSizes.size()) {
      throw new IllegalArgumentException("measure.batchSizes: batch sizes must be distinct, got " + batchSizes);
    }
    batchSizes = List.copyOf(batchSizes);
    warmup = warmup == null ? 20 : warmup;
    if (warmup < 0) {
      throw new IllegalArgumentException("measure.warmup: must be at least 0, got " + warmup);
    }
    warmupMillis = warmupMillis == null ? 1000 : warmupMillis;
    if (warmupMillis < 0) {
      throw new IllegalArgumentException("measure.warmupMillis: must be at least 0, got " + warmupMillis);
    }
    iterations = iterations == null ? 200 : iterations;
    if (iterations < 1) {
      throw new IllegalArgumentException("measure.iterations: must be at least 1, got " + iterations);
    }
    threads = threads == null ? 1 : threads;
    if (threads < 1) {
      throw new IllegalArgumentException("measure.threads: must be at least 1, got " + threads);
    }
  }

  /** A builder starting from the defaults; {@link Builder#build()} validates. */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters for {@link MeterSettings}; unset values keep their defaults. */
  public static final class Builder {
    private List<Integer> batchSizes;
    private Integer warmup;
    private Integer warmupMillis;
    private Integer iterations;
    private Integer threads;

    private Builder() {}

    /** Batch sizes to time, distinct, each at least 1; default [1, 64]. */
    public Builder batchSizes(Integer... batchSizes) {
      this.batchSizes = List.of(batchSizes);
      return this;
    }

    /** Untimed calls before timing each batch size, at least 0; default 20. */
    public Builder warmup(int warmup) {
      this.warmup = warmup;
      return this;
    }

    /** The least warm-up time per batch size in milliseconds, at least 0; default 1000. */
    public Builder warmupMillis(int warmupMillis) {
      this.warmupMillis = warmupMillis;
      return this;
    }

    /** Timed calls per batch size, at least 1; default 200. */
    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    /** ND4J native threads while timing, at least 1; default 1. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the bad field and value
     */
    public MeterSettings build() {
      return new MeterSettings(batchSizes, warmup, warmupMillis, iterations, threads);
    }
  }

  /** The defaults: batch sizes [1, 64], at least 20 warm-up calls and 1 s of warm-up, 200 timed calls, one thread. */
  public static MeterSettings defaults() {
    return new MeterSettings(null, null, null, null, null);
  }
}
