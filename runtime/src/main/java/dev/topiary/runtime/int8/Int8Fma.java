package dev.topiary.runtime.int8;

/**
 * Int8 products on the CPU's float fused multiply-add units, with exactly the int32 results of the
 * integer kernels ({@link Int8MatMul}).
 *
 * <p>JDK 17 cannot emit the int8 dot-product instructions ({@code vpdpbusd}, {@code vpmaddubsw}), and
 * a 32-bit integer multiply ({@code vpmulld}) costs two micro-operations on one port, where a float
 * fused multiply-add costs one on either of two. An int8 code times an 8-bit activation (centred on
 * its zero point: an integer in {@code [-255, 255]}) has a magnitude of at most 32,640, so a sum of
 * up to {@value #BLOCK} such products stays below 2²² (below 2²⁴ is enough for exactness) and every
 * partial sum is an integer that a float holds exactly: the kernels accumulate blocks of at most
 * {@value #BLOCK} products in float lanes, convert each block's sum to int and add it to the int32
 * accumulator. The conversion reads the integer out of the float's bit pattern after adding
 * 1.5·2²³, which is exact below 2²² and compiles to vector adds on JDK 17 (whose Vector API
 * float-to-int conversion does not). Weights stay int8 in
 * memory and are widened to float inside the kernel (4× less weight traffic than an fp32 copy,
 * measured faster on AVX-512); activations are passed as floats holding their integer codes.
 *
 * <p>With the JDK's Vector API module enabled ({@code --add-modules jdk.incubator.vector}) the
 * kernels run on float vectors of the CPU's preferred width; without it, on plain loops with the
 * same results. Output blocks are {@link #padded(int)} wide: arrays indexed by output hold a whole
 * number of vector pairs. Nothing is allocated per call.
 */
public final class Int8Fma {

  /** The most products one float partial sum takes: 2²² / (128 · 255) = 128.5, rounded down. */
  public static final int BLOCK = 128;

  private static final boolean VECTOR = vectorApiAvailable();
  private static final int PAIR = VECTOR ? 2 * VectorInt8Fma.LANES : 1;

  private Int8Fma() {}

  /** True if the Vector API kernels are in use. */
  public static boolean vectorized() {
    return VECTOR;
  }

  private static boolean vectorApiAvailable() {
    if (Boolean.getBoolean("topiary.runtime.plainLoops")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorInt8Fma.available();
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * {@code n} rounded up to the kernels' output block: a multiple of two float vectors with the
   * Vector API, {@code n} itself without it.
   */
  public static int padded(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    return (n + PAIR - 1) / PAIR * PAIR;
  }

  /**
   * Matrix × vector over the selected columns of a column-major int8 matrix: {@code acc[accOffset +
   * o] = Σ_j t[nonZero[j]·stride + o] · d[dOffset + nonZero[j]]} for {@code j < count} and every
   * {@code o < stride} (the outputs beyond the real ones see padding weights, normally 0). {@code d}
   * holds integers in {@code [-255, 255]}; {@code nonZero} lists the columns to add (typically those
   * whose {@code d} is not 0), each in range; {@code work} is scratch of at least {@code stride}
   * floats.
   *
   * @throws IllegalArgumentException if {@code stride} is not {@link #padded(int) padded} or an array
   *     is too short
   */
  public static void gemvColumns(byte[] t, int stride, float[] d, int dOffset, int[] nonZero, int count,
      float[] work, int[] acc, int accOffset) {
    checkStride(stride);
    if (count < 0 || count > nonZero.length) {
      throw new IllegalArgumentException("count must be in [0, " + nonZero.length + "], got " + count);
    }
    if (work.length < stride || accOffset < 0 || acc.length - accOffset < stride) {
      throw new IllegalArgumentException("work and acc need " + stride + " values (acc from " + accOffset
          + "), have " + work.length + " and " + acc.length);
    }
    if (VECTOR) {
      VectorInt8Fma.gemvColumns(t, stride, stride, d, dOffset, nonZero, count, work, acc, accOffset);
      return;
    }
    java.util.Arrays.fill(acc, accOffset, accOffset + stride, 0);
    for (int j = 0; j < count; j++) {
      int i = nonZero[j];
      int di = (int) d[dOffset + i];
      int w = i * stride;
      for (int o = 0; o < stride; o++) {
        acc[accOffset + o] += t[w + o] * di;
      }
    }
  }

  /**
   * Four rows of activations times a column-major int8 matrix: {@code acc[accOffset + q·stride + o]
   * = Σ_i x[xo + q·k + i] · t[i·stride + o]} for {@code q < 4}, {@code i < k}, {@code o < stride}.
   * {@code x} holds integers in {@code [-255, 255]}.
   *
   * @throws IllegalArgumentException if {@code stride} is not {@link #padded(int) padded} or an array
   *     is too short
   */
  public static void fourRows(float[] x, int xo, int k, byte[] t, int stride, int[] acc, int accOffset) {
    checkFourRows(x, xo, k, t.length, stride, acc, accOffset);
    if (VECTOR) {
      VectorInt8Fma.fourRows(x, xo, k, t, stride, acc, accOffset);
      return;
    }
    for (int q = 0; q < 4; q++) {
      for (int o = 0; o < stride; o++) {
        int sum = 0;
        for (int i = 0; i < k; i++) {
          sum += (int) x[xo + q * k + i] * t[i * stride + o];
        }
        acc[accOffset + q * stride + o] = sum;
      }
    }
  }

  /**
   * As {@link #fourRows(float[], int, int, byte[], int, int[], int)} for eight rows ({@code q < 8}),
   * with half the widening per multiply-add.
   *
   * @throws IllegalArgumentException as {@link #fourRows(float[], int, int, byte[], int, int[], int)}
   */
  public static void eightRows(float[] x, int xo, int k, byte[] t, int stride, int[] acc, int accOffset) {
    checkRows(8, x, xo, k, t.length, stride, acc, accOffset);
    if (VECTOR) {
      VectorInt8Fma.eightRows(x, xo, k, t, stride, acc, accOffset);
      return;
    }
    fourRows(x, xo, k, t, stride, acc, accOffset);
    fourRows(x, xo + 4 * k, k, t, stride, acc, accOffset + 4 * stride);
  }

  /**
   * The same product with float columns holding integer codes (an int8 convolution's im2col matrix,
   * {@code k × stride}, times four filters' int8 weights as floats in {@code x}).
   *
   * @throws IllegalArgumentException as {@link #fourRows(float[], int, int, byte[], int, int[], int)}
   */
  public static void fourRows(float[] x, int xo, int k, float[] columns, int stride, int[] acc, int accOffset) {
    checkFourRows(x, xo, k, columns.length, stride, acc, accOffset);
    if (VECTOR) {
      VectorInt8Fma.fourRows(x, xo, k, columns, stride, acc, accOffset);
      return;
    }
    for (int q = 0; q < 4; q++) {
      plainRow(x, xo + q * k, k, columns, stride, acc, accOffset + q * stride);
    }
  }

  /**
   * One row: {@code acc[accOffset + o] = Σ_i x[xo + i] · columns[i·stride + o]}.
   *
   * @throws IllegalArgumentException as {@link #fourRows(float[], int, int, float[], int, int[], int)}
   */
  public static void oneRow(float[] x, int xo, int k, float[] columns, int stride, int[] acc, int accOffset) {
    checkRows(1, x, xo, k, columns.length, stride, acc, accOffset);
    if (VECTOR) {
      VectorInt8Fma.oneRow(x, xo, k, columns, stride, acc, accOffset);
      return;
    }
    plainRow(x, xo, k, columns, stride, acc, accOffset);
  }

  private static void plainRow(float[] x, int xo, int k, float[] columns, int stride, int[] acc, int accOffset) {
    for (int o = 0; o < stride; o++) {
      int sum = 0;
      for (int i = 0; i < k; i++) {
        sum += (int) x[xo + i] * (int) columns[i * stride + o];
      }
      acc[accOffset + o] = sum;
    }
  }

  private static void checkStride(int stride) {
    if (stride <= 0 || padded(stride) != stride) {
      throw new IllegalArgumentException("stride must be a positive padded width (a multiple of " + PAIR + "), got "
          + stride);
    }
  }

  private static void checkFourRows(float[] x, int xo, int k, int columns, int stride, int[] acc, int accOffset) {
    checkRows(4, x, xo, k, columns, stride, acc, accOffset);
  }

  private static void checkRows(int rows, float[] x, int xo, int k, int columns, int stride, int[] acc,
      int accOffset) {
    checkStride(stride);
    if (k <= 0 || k > Int8MatMul.MAX_COLUMNS) {
      throw new IllegalArgumentException("k must be in [1, " + Int8MatMul.MAX_COLUMNS + "], got " + k);
    }
    if (xo < 0 || x.length - xo < (long) rows * k) {
      throw new IllegalArgumentException(rows + " rows of " + k + " values need " + ((long) rows * k)
          + " inputs from offset " + xo + ", have " + x.length);
    }
    if (columns < (long) k * stride) {
      throw new IllegalArgumentException("the matrix needs " + k + " × " + stride + " = " + ((long) k * stride)
          + " values, has " + columns);
    }
    if (accOffset < 0 || acc.length - accOffset < (long) rows * stride) {
      throw new IllegalArgumentException("acc needs " + ((long) rows * stride) + " values from offset " + accOffset
          + ", has " + acc.length);
    }
  }
}
