package dev.topiary.runtime.int8;

/**
 * The inner loop of the integer int8 kernels, which the int8 layers run where {@link Int8Fma} does
 * not (without the Vector API): {@code acc[o] += Σ_j t[w_j + o]·d_j} for four
 * weight columns at once (one column per input, {@code d_j} the input centred on its zero point),
 * widening bytes to int and accumulating in int.
 *
 * <p>With the JDK's Vector API module enabled ({@code --add-modules jdk.incubator.vector}), the
 * loop runs on int vectors of the CPU's preferred width (16 lanes with AVX-512); without it, on
 * plain loops. {@link #vectorized()} says which. Both give identical results (integer arithmetic).
 */
public final class Int8Axpy {

  private static final boolean VECTOR = vectorApiAvailable();

  private Int8Axpy() {}

  /** True if the Vector API kernel is in use. */
  public static boolean vectorized() {
    return VECTOR;
  }

  private static boolean vectorApiAvailable() {
    if (Boolean.getBoolean("topiary.runtime.plainLoops")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorInt8Axpy.available();
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * Adds four weight columns of {@code n} values, starting at {@code w0 … w3} in {@code t}, scaled
   * by {@code d0 … d3}, to {@code acc[accOffset …]}.
   */
  public static void addFourColumns(byte[] t, int w0, int w1, int w2, int w3, int n, int d0, int d1, int d2, int d3,
      int[] acc, int accOffset) {
    if (VECTOR) {
      VectorInt8Axpy.addFourColumns(t, w0, w1, w2, w3, n, d0, d1, d2, d3, acc, accOffset);
      return;
    }
    for (int o = 0; o < n; o++) {
      acc[accOffset + o] += t[w0 + o] * d0 + t[w1 + o] * d1 + t[w2 + o] * d2 + t[w3 + o] * d3;
    }
  }

  /** Adds one weight column of {@code n} values from {@code w0}, scaled by {@code d}. */
  public static void addColumn(byte[] t, int w0, int n, int d, int[] acc, int accOffset) {
    for (int o = 0; o < n; o++) {
      acc[accOffset + o] += t[w0 + o] * d;
    }
  }
}
