package dev.topiary.runtime.int8;

/**
 * Dense int8 products with int32 accumulation: dot products, matrix × vector (batch 1) and matrix
 * × matrix (a batch of rows). Weights are row-major {@code rows × cols} (one row per output),
 * activations row-major {@code batch × cols}, both signed bytes (see the package documentation for
 * how uint8 activations are represented).
 *
 * <p>The loops widen every byte to {@code int} and accumulate in {@code int}, which the JIT turns
 * into vector code; four output rows share each activation load. Nothing is allocated per call.
 */
public final class Int8MatMul {

  /** The largest number of inputs per output for which an int32 accumulator cannot overflow. */
  public static final int MAX_COLUMNS = 131_071;

  private Int8MatMul() {}

  /**
   * The dot product {@code Σ a[aOffset + i]·b[bOffset + i]} over {@code n} signed bytes.
   *
   * @throws IllegalArgumentException if {@code n} is negative or above {@link #MAX_COLUMNS}
   */
  public static int dot(byte[] a, int aOffset, byte[] b, int bOffset, int n) {
    checkColumns(n);
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /**
   * Matrix × vector: {@code out[outOffset + o] = Σ_i weights[o·cols + i]·x[xOffset + i]} for every
   * output row {@code o}.
   *
   * @throws IllegalArgumentException if a size is not positive, {@code cols} exceeds {@link
   *     #MAX_COLUMNS}, or an array is too short
   */
  public static void gemv(byte[] weights, int rows, int cols, byte[] x, int xOffset, int[] out, int outOffset) {
    checkShape(weights, rows, cols);
    if (xOffset < 0 || x.length - xOffset < cols) {
      throw new IllegalArgumentException("input needs " + cols + " values from offset " + xOffset + ", has "
          + x.length);
    }
    if (outOffset < 0 || out.length - outOffset < rows) {
      throw new IllegalArgumentException("output needs " + rows + " values from offset " + outOffset + ", has "
          + out.length);
    }
    gemvUnchecked(weights, rows, cols, x, xOffset, out, outOffset);
  }

  /**
   * Matrix × matrix for a batch: {@code out[r·rows + o] = Σ_i weights[o·cols + i]·x[r·cols + i]}
   * for each of the {@code batch} activation rows {@code r}.
   *
   * @throws IllegalArgumentException if a size is not positive or an array is too short
   */
  public static void gemm(byte[] weights, int rows, int cols, byte[] x, int batch, int[] out) {
    checkShape(weights, rows, cols);
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    if (x.length < (long) batch * cols) {
      throw new IllegalArgumentException("input needs " + ((long) batch * cols) + " values (" + batch + " × "
          + cols + "), has " + x.length);
    }
    if (out.length < (long) batch * rows) {
      throw new IllegalArgumentException("output needs " + ((long) batch * rows) + " values (" + batch + " × "
          + rows + "), has " + out.length);
    }
    for (int r = 0; r < batch; r++) {
      gemvUnchecked(weights, rows, cols, x, r * cols, out, r * rows);
    }
  }

  /** Matrix × vector without argument checks; the caller has checked every size. */
  static void gemvUnchecked(byte[] w, int rows, int cols, byte[] x, int xOffset, int[] out, int outOffset) {
    int o = 0;
    for (; o + 4 <= rows; o += 4) {
      int b0 = o * cols;
      int b1 = b0 + cols;
      int b2 = b1 + cols;
      int b3 = b2 + cols;
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int s3 = 0;
      for (int i = 0; i < cols; i++) {
        int xi = x[xOffset + i];
        s0 += w[b0 + i] * xi;
        s1 += w[b1 + i] * xi;
        s2 += w[b2 + i] * xi;
        s3 += w[b3 + i] * xi;
      }
      out[outOffset + o] = s0;
      out[outOffset + o + 1] = s1;
      out[outOffset + o + 2] = s2;
      out[outOffset + o + 3] = s3;
    }
    for (; o < rows; o++) {
      int base = o * cols;
      int sum = 0;
      for (int i = 0; i < cols; i++) {
        sum += w[base + i] * x[xOffset + i];
      }
      out[outOffset + o] = sum;
    }
  }

  /** Row sums {@code Σ_i weights[o·cols + i]} of an int8 matrix, for zero-point correction. */
  public static int[] rowSums(byte[] weights, int rows, int cols) {
    checkShape(weights, rows, cols);
    int[] sums = new int[rows];
    for (int o = 0; o < rows; o++) {
      int sum = 0;
      for (int i = 0; i < cols; i++) {
        sum += weights[o * cols + i];
      }
      sums[o] = sum;
    }
    return sums;
  }

  static void checkShape(byte[] weights, int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("rows and cols must be positive, got " + rows + " × " + cols);
    }
    checkColumns(cols);
    if (weights.length != (long) rows * cols) {
      throw new IllegalArgumentException("weights must hold " + rows + " × " + cols + " = " + ((long) rows * cols)
          + " values, got " + weights.length);
    }
  }

  private static void checkColumns(int n) {
    if (n < 0 || n > MAX_COLUMNS) {
      throw new IllegalArgumentException("an int8 dot product takes 0 to " + MAX_COLUMNS
          + " values (int32 accumulators must not overflow), got " + n);
    }
  }
}
