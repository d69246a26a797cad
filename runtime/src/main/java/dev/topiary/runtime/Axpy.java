package dev.topiary.runtime;

/**
 * The vector updates every fp32 kernel is built from, {@code y += Σ x_k · w_k}. Each loop indexes
 * all its arrays with the bare loop counter: JDK 17's C2 vectorises such loops (AVX2/AVX-512 with
 * fused multiply-adds) but not loops whose arrays carry different offsets, so kernels keep one
 * array per weight row and accumulate into work arrays that start at 0.
 */
final class Axpy {

  private Axpy() {}

  /** {@code y[o] += x0·w0[o]} for {@code o < n}. */
  static void one(float[] y, float[] w0, float x0, int n) {
    for (int o = 0; o < n; o++) {
      y[o] = Math.fma(x0, w0[o], y[o]);
    }
  }

  /** {@code y[o] += x0·w0[o] + x1·w1[o] + x2·w2[o] + x3·w3[o]} for {@code o < n}. */
  static void four(float[] y, float[] w0, float[] w1, float[] w2, float[] w3, float x0, float x1, float x2, float x3,
      int n) {
    for (int o = 0; o < n; o++) {
      y[o] = Math.fma(x3, w3[o], Math.fma(x2, w2[o], Math.fma(x1, w1[o], Math.fma(x0, w0[o], y[o]))));
    }
  }
}
