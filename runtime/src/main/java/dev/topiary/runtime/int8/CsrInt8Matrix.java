package dev.topiary.runtime.int8;

import java.util.Arrays;

/**
 * A sparse int8 matrix in compressed sparse row form (CSR): per output row, the column indices
 * and int8 values of its non-zero weights only. A pruned layer's product then costs one multiply
 * per surviving weight. Immutable and safe to share between threads.
 */
public final class CsrInt8Matrix {

  private final int rows;
  private final int cols;
  private final int[] rowStart;
  private final int[] columns;
  private final byte[] values;

  private CsrInt8Matrix(int rows, int cols, int[] rowStart, int[] columns, byte[] values) {
    this.rows = rows;
    this.cols = cols;
    this.rowStart = rowStart;
    this.columns = columns;
    this.values = values;
  }

  /**
   * The non-zeros of a dense row-major {@code rows × cols} int8 matrix.
   *
   * @throws IllegalArgumentException if the sizes disagree
   */
  public static CsrInt8Matrix fromDense(byte[] dense, int rows, int cols) {
    Int8MatMul.checkShape(dense, rows, cols);
    int nonZeros = 0;
    for (byte value : dense) {
      if (value != 0) {
        nonZeros++;
      }
    }
    int[] rowStart = new int[rows + 1];
    int[] columns = new int[nonZeros];
    byte[] values = new byte[nonZeros];
    int k = 0;
    for (int o = 0; o < rows; o++) {
      rowStart[o] = k;
      for (int i = 0; i < cols; i++) {
        byte value = dense[o * cols + i];
        if (value != 0) {
          columns[k] = i;
          values[k] = value;
          k++;
        }
      }
    }
    rowStart[rows] = k;
    return new CsrInt8Matrix(rows, cols, rowStart, columns, values);
  }

  /**
   * A matrix from its CSR arrays, checked completely (as a file loader needs): {@code rowStart}
   * has {@code rows + 1} non-decreasing entries from 0 to {@code values.length}, and the columns of
   * each row are strictly increasing and in {@code [0, cols)}. The arrays are copied.
   *
   * @throws IllegalArgumentException naming the first entry that is wrong
   */
  public static CsrInt8Matrix of(int rows, int cols, int[] rowStart, int[] columns, byte[] values) {
    if (rows <= 0 || cols <= 0 || cols > Int8MatMul.MAX_COLUMNS) {
      throw new IllegalArgumentException("rows and cols must be positive (cols at most " + Int8MatMul.MAX_COLUMNS
          + "), got " + rows + " × " + cols);
    }
    if (rowStart.length != rows + 1) {
      throw new IllegalArgumentException("rowStart must have rows + 1 = " + (rows + 1) + " entries, got "
          + rowStart.length);
    }
    if (columns.length != values.length) {
      throw new IllegalArgumentException("columns and values must have the same length, got " + columns.length
          + " and " + values.length);
    }
    if (rowStart[0] != 0 || rowStart[rows] != values.length) {
      throw new IllegalArgumentException("rowStart must run from 0 to " + values.length + ", got " + rowStart[0]
          + " to " + rowStart[rows]);
    }
    for (int o = 0; o < rows; o++) {
      if (rowStart[o + 1] < rowStart[o]) {
        throw new IllegalArgumentException("rowStart must not decrease, but rowStart[" + (o + 1) + "] = "
            + rowStart[o + 1] + " < rowStart[" + o + "] = " + rowStart[o]);
      }
    }
    for (int o = 0; o < rows; o++) {
      for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
        int c = columns[k];
        if (c < 0 || c >= cols || (k > rowStart[o] && c <= columns[k - 1])) {
          throw new IllegalArgumentException("columns[" + k + "] = " + c + " in row " + o
              + " must be in [0, " + cols + ") and above the row's previous column");
        }
      }
    }
    return new CsrInt8Matrix(rows, cols, rowStart.clone(), columns.clone(), values.clone());
  }

  /** Number of output rows. */
  public int rows() {
    return rows;
  }

  /** Number of input columns. */
  public int cols() {
    return cols;
  }

  /** Number of stored (non-zero) weights. */
  public int nonZeros() {
    return values.length;
  }

  /** A copy of the row start offsets ({@code rows + 1} entries). */
  public int[] rowStart() {
    return rowStart.clone();
  }

  /** A copy of the column index of every stored weight. */
  public int[] columns() {
    return columns.clone();
  }

  /** A copy of the stored int8 weights. */
  public byte[] values() {
    return values.clone();
  }

  /** Row sums of the weights, for zero-point correction (equal to the dense matrix's). */
  public int[] rowSums() {
    int[] sums = new int[rows];
    for (int o = 0; o < rows; o++) {
      int sum = 0;
      for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
        sum += values[k];
      }
      sums[o] = sum;
    }
    return sums;
  }

  /** The dense row-major form of this matrix. */
  public byte[] toDense() {
    byte[] dense = new byte[rows * cols];
    for (int o = 0; o < rows; o++) {
      for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
        dense[o * cols + columns[k]] = values[k];
      }
    }
    return dense;
  }

  /**
   * Matrix × matrix for a batch of {@code batch} activation rows: {@code out[r·rows + o] =
   * Σ_k values[k]·x[r·cols + columns[k]]} over row {@code o}'s stored weights; the same result as
   * {@link Int8MatMul#gemm} on the dense form.
   *
   * @throws IllegalArgumentException if the batch is not positive or an array is too short
   */
  public void multiply(byte[] x, int batch, int[] out) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch must be positive, got " + batch);
    }
    if (x.length < (long) batch * cols || out.length < (long) batch * rows) {
      throw new IllegalArgumentException("a batch of " + batch + " needs " + ((long) batch * cols)
          + " inputs and " + ((long) batch * rows) + " outputs, got " + x.length + " and " + out.length);
    }
    for (int r = 0; r < batch; r++) {
      multiplyRow(x, r * cols, out, r * rows);
    }
  }

  /**
   * The product with a convolution's im2col patches ({@code positions × cols}, one patch per row):
   * {@code out[o·positions + p] = Σ_k values[k]·patches[p·cols + columns[k]]}, output
   * channel-major like {@link Int8Convolution#accumulate}.
   *
   * @throws IllegalArgumentException if an array is too short
   */
  public void multiplyPatches(byte[] patches, int positions, int[] out) {
    if (positions <= 0 || patches.length < (long) positions * cols || out.length < (long) positions * rows) {
      throw new IllegalArgumentException(positions + " patches need " + ((long) positions * cols) + " values and "
          + ((long) positions * rows) + " outputs, got " + patches.length + " and " + out.length);
    }
    for (int o = 0; o < rows; o++) {
      int start = rowStart[o];
      int end = rowStart[o + 1];
      int base = o * positions;
      for (int p = 0; p < positions; p++) {
        int patch = p * cols;
        int sum = 0;
        for (int k = start; k < end; k++) {
          sum += values[k] * patches[patch + columns[k]];
        }
        out[base + p] = sum;
      }
    }
  }

  /** Matrix × vector without argument checks: one activation row from {@code xOffset}. */
  void multiplyRow(byte[] x, int xOffset, int[] out, int outOffset) {
    for (int o = 0; o < rows; o++) {
      int sum = 0;
      int end = rowStart[o + 1];
      for (int k = rowStart[o]; k < end; k++) {
        sum += values[k] * x[xOffset + columns[k]];
      }
      out[outOffset + o] = sum;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CsrInt8Matrix m && rows == m.rows && cols == m.cols
        && Arrays.equals(rowStart, m.rowStart) && Arrays.equals(columns, m.columns) && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "CsrInt8Matrix[" + rows + " × " + cols + ", " + values.length + " non-zeros]";
  }
}
