package dev.topiary.deploy.compile;

/**
 * How {@link RuntimeCompiler} compiles a network.
 *
 * @param kernels the kernel policy
 * @param sparsityThreshold with {@link KernelPolicy#AUTO}, the share of zero weights in [0, 1] from
 *     which a layer's sparse kernel is timed against its dense kernel
 * @param timingMillis with {@link KernelPolicy#AUTO}, milliseconds of timing per candidate kernel
 *     and layer (half warm-up), at least 1
 */
public record CompileOptions(KernelPolicy kernels, double sparsityThreshold, int timingMillis) {

  /** The default sparsity threshold of {@link KernelPolicy#AUTO}. */
  public static final double DEFAULT_SPARSITY_THRESHOLD = 0.5;
  /** The default timing budget per candidate kernel and layer. */
  public static final int DEFAULT_TIMING_MILLIS = 200;

  /** Validates the values. */
  public CompileOptions {
    if (kernels == null) {
      throw new IllegalArgumentException("kernels must be one of [auto, dense, sparse], got null");
    }
    if (!(sparsityThreshold >= 0 && sparsityThreshold <= 1)) {
      throw new IllegalArgumentException("sparsityThreshold must be in [0, 1], got " + sparsityThreshold);
    }
    if (timingMillis < 1) {
      throw new IllegalArgumentException("timingMillis must be at least 1, got " + timingMillis);
    }
  }

  /** The policy with the default threshold and timing budget. */
  public static CompileOptions of(KernelPolicy kernels) {
    return new CompileOptions(kernels, DEFAULT_SPARSITY_THRESHOLD, DEFAULT_TIMING_MILLIS);
  }
}
