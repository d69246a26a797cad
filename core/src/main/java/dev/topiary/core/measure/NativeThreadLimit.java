package dev.topiary.core.measure;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Limits ND4J's native threads (process-wide) until closed, then restores the previous limits.
 *
 * <p>What ND4J 1.0.0-M2.1 (CPU backend) actually obeys at run time, checked by counting the native
 * threads that used CPU time during a matrix multiply, a {@code tanh} and a convolution forward pass:
 * <ul>
 *   <li>{@code Nd4j.factory().blas().setMaxThreads} → {@code openblas_set_num_threads}: the
 *       threads of every matrix multiply (dense layers, and convolutions through im2col);
 *   <li>{@code NativeOps.setOmpNumThreads}: OpenMP regions inside libnd4j ops (convolution helpers);
 *   <li>{@code Environment.setMaxMasterThreads}: libnd4j's own pool for element-wise ops and
 *       activations; it is capped by {@code Environment.maxThreads()}, the pool size fixed at
 *       start-up ({@code OMP_NUM_THREADS} or the core count), so it is set to at most that.
 * </ul>
 * {@code Environment.setMaxThreads} has no effect after start-up and is not used.
 */
final class NativeThreadLimit implements AutoCloseable {

  private final Blas blas;
  private final NativeOps nativeOps;
  private final Environment environment;
  private final int previousBlas;
  private final int previousOpenMp;
  private final int previousMaster;

  private NativeThreadLimit(int threads) {
    blas = Nd4j.factory().blas();
    nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
    environment = Nd4j.getEnvironment();
    previousBlas = blas.getMaxThreads();
    previousOpenMp = nativeOps.ompGetMaxThreads();
    previousMaster = environment.maxMasterThreads();
    blas.setMaxThreads(threads);
    nativeOps.setOmpNumThreads(threads);
    environment.setMaxMasterThreads(Math.min(threads, environment.maxThreads()));
  }

  /** Limits ND4J to {@code threads} native threads until the returned limit is closed. */
  static NativeThreadLimit of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return new NativeThreadLimit(threads);
  }

  @Override
  public void close() {
    blas.setMaxThreads(previousBlas);
    nativeOps.setOmpNumThreads(previousOpenMp);
    environment.setMaxMasterThreads(previousMaster);
  }
}
