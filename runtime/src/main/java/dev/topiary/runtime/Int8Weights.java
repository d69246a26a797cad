package dev.topiary.runtime;

import dev.topiary.runtime.int8.CsrInt8Matrix;
import dev.topiary.runtime.int8.Int8Axpy;
import dev.topiary.runtime.int8.Int8Fma;
import dev.topiary.runtime.int8.Int8MatMul;
import dev.topiary.runtime.int8.Requantization;

/**
 * The int8 part shared by the int8 dense and convolution layers: the input's quantization (scale
 * and signed zero point), the int8 weight codes ({@code [out][k]} row-major, dense or CSR), the
 * weight scales (one per output channel or one for the tensor), the float bias, and the
 * precomputed dequantization of the int32 accumulators (bias, zero point and relu folded in).
 *
 * <p>In a file the sparse form stores, per output row, only the non-zero codes and the gaps
 * between their columns as bytes (a gap of 255 or more is written as 255s followed by the rest),
 * so a pruned layer costs about two bytes per surviving weight. The storage is independent of the
 * kernel: a layer on the dense int8 kernel (the faster one at batch 1 for many pruned layers) is
 * stored sparse too whenever that is smaller, and expanded when it is read.
 */
final class Int8Weights {

  /** Storage of a dense-kernel layer's codes: all of them, row-major. */
  static final int STORE_DENSE = 0;
  /** Storage of a dense-kernel layer's codes: only the non-zeros, as the sparse kernel stores them. */
  static final int STORE_SPARSE = 1;

  final int rows;
  final int cols;
  final float inputScale;
  final int inputZeroPoint;
  final float[] weightScales;
  final float[] bias;
  final byte[] codes;
  final CsrInt8Matrix sparse;
  final Requantization toFloat;
  /** Dequantization of accumulators of centred inputs {@code Σ w·(a − z)}: no zero-point term. */
  final Requantization centredToFloat;
  /**
   * Dense weights transposed, {@code [cols][stride]} (each input's column padded with zeros to
   * {@link #stride}): the batch-1 kernel adds one input's column at a time, the batch kernel
   * four rows at a time. Sparse weights keep this copy too where the Vector API runs, for batches
   * (as the fp32 sparse layer keeps dense blocks); null otherwise.
   */
  private final byte[] transposed;
  /** Distance between two columns of {@link #transposed}: {@link Int8Fma#padded} outputs (or {@code rows}). */
  final int stride;
  /** Sparse weights by input column (CSC): {@code columnStart[i] .. columnStart[i + 1]}. */
  private final int[] columnStart;
  private final int[] rowIndex;
  private final byte[] columnValues;
  /** Sparse weights in the sliced layout of the Vector API sparse kernel ({@link VectorInt8Sparse}), or null. */
  private final SlicedEll sliced;
  private final byte[] slicedCodes;
  /** True if the input's scale and zero point are computed per example at run time. */
  final boolean dynamic;
  final int[] rowSums;

  /** Weights whose input is quantized per example at run time (no calibrated input scale). */
  static Int8Weights dynamic(int rows, int cols, float[] weightScales, byte[] codes, float[] bias) {
    return new Int8Weights(rows, cols, 1f, 0, weightScales, codes, bias, false, false, true);
  }

  Int8Weights(int rows, int cols, float inputScale, int inputZeroPoint, float[] weightScales, byte[] codes,
      float[] bias, boolean sparse, boolean relu) {
    this(rows, cols, inputScale, inputZeroPoint, weightScales, codes, bias, sparse, relu, false);
  }

  private Int8Weights(int rows, int cols, float inputScale, int inputZeroPoint, float[] weightScales, byte[] codes,
      float[] bias, boolean sparse, boolean relu, boolean dynamic) {
    if (!(inputScale > 0f) || !Float.isFinite(inputScale)) {
      throw new IllegalArgumentException("input scale must be positive and finite, got " + inputScale);
    }
    if (inputZeroPoint < -128 || inputZeroPoint > 127) {
      throw new IllegalArgumentException("input zero point must be in [-128, 127], got " + inputZeroPoint);
    }
    if (codes.length != (long) rows * cols) {
      throw new IllegalArgumentException(rows + " outputs of " + cols + " inputs need " + ((long) rows * cols)
          + " int8 weights, got " + codes.length);
    }
    if (bias.length != rows) {
      throw new IllegalArgumentException(rows + " outputs need " + rows + " biases, got " + bias.length);
    }
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] == -128) {
        throw new IllegalArgumentException("int8 weight " + i + " is -128; symmetric weights use [-127, 127]");
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.inputScale = inputScale;
    this.inputZeroPoint = inputZeroPoint;
    this.weightScales = weightScales.clone();
    this.bias = bias.clone();
    this.codes = sparse ? null : codes.clone();
    this.sparse = sparse ? CsrInt8Matrix.fromDense(codes, rows, cols) : null;
    this.rowSums = Int8MatMul.rowSums(codes, rows, cols);
    this.toFloat = Requantization.toFloat(inputScale, inputZeroPoint, this.weightScales, rowSums, this.bias, relu);
    this.centredToFloat = Requantization.toFloat(inputScale, 0, this.weightScales, new int[rows], this.bias, relu);
    this.dynamic = dynamic;
    this.stride = Int8Fma.vectorized() ? Int8Fma.padded(rows) : rows;
    this.transposed = !sparse || Int8Fma.vectorized() ? transpose(codes, rows, cols, stride) : null;
    if (sparse) {
      int nonZeros = this.sparse.nonZeros();
      this.columnStart = new int[cols + 1];
      this.rowIndex = new int[nonZeros];
      this.columnValues = new byte[nonZeros];
      int k = 0;
      for (int i = 0; i < cols; i++) {
        columnStart[i] = k;
        for (int o = 0; o < rows; o++) {
          byte v = codes[o * cols + i];
          if (v != 0) {
            rowIndex[k] = o;
            columnValues[k++] = v;
          }
        }
      }
      columnStart[cols] = k;
      if (VectorSupport.AVAILABLE && Int8Fma.vectorized()) {
        float[] values = new float[nonZeros];
        for (int n = 0; n < nonZeros; n++) {
          values[n] = columnValues[n];
        }
        this.sliced = SlicedEll.of(new Csc(cols, rows, columnStart, rowIndex, values), new float[rows],
            VectorInt8Sparse.width());
        this.slicedCodes = VectorInt8Sparse.codes(sliced);
      } else {
        this.sliced = null;
        this.slicedCodes = null;
      }
    } else {
      this.sliced = null;
      this.slicedCodes = null;
      this.columnStart = null;
      this.rowIndex = null;
      this.columnValues = null;
    }
  }

  private static byte[] transpose(byte[] codes, int rows, int cols, int stride) {
    byte[] t = new byte[cols * stride];
    for (int o = 0; o < rows; o++) {
      for (int i = 0; i < cols; i++) {
        t[i * stride + o] = codes[o * cols + i];
      }
    }
    return t;
  }

  /**
   * The int32 accumulators {@code acc[accOffset + o] = Σ_i w[o][i]·d[dOffset + i]} of one input
   * row, {@code d} the input's codes centred on their zero point ({@code a − z}, integers in
   * {@code [-255, 255]} held as floats): inputs at real zero (a ReLU's zeros, most of a pruned
   * network's work) are skipped. With the Vector API the dense weights run on the float
   * multiply-add units ({@link Int8Fma}, exact); otherwise on int loops, four inputs at a time.
   * Sparse weights run on the sliced gather kernel ({@link VectorInt8Sparse}) where the Vector API
   * runs, else by input column. {@code acc} needs {@link #stride} values from {@code accOffset}
   * (the padding outputs get 0 from the dense kernels); {@code work} is scratch of {@code stride}
   * floats, {@code intWork} of {@code stride} ints, {@code nonZero} of {@code cols} ints.
   * Dequantize the result with {@link #centredToFloat}.
   */
  void accumulateCentred(float[] d, int dOffset, int[] acc, int accOffset, float[] work, int[] intWork,
      int[] nonZero) {
    if (sliced != null) {
      VectorInt8Sparse.row(d, dOffset, sliced, slicedCodes, intWork, acc, accOffset);
    } else if (sparse != null) {
      java.util.Arrays.fill(acc, accOffset, accOffset + rows, 0);
      accumulateSparse(d, dOffset, acc, accOffset);
    } else if (Int8Fma.vectorized()) {
      int count = 0;
      for (int i = 0; i < cols; i++) {
        if (d[dOffset + i] != 0f) {
          nonZero[count++] = i;
        }
      }
      Int8Fma.gemvColumns(transposed, stride, d, dOffset, nonZero, count, work, acc, accOffset);
    } else {
      java.util.Arrays.fill(acc, accOffset, accOffset + rows, 0);
      accumulateDense(d, dOffset, acc, accOffset);
    }
  }

  /** True if {@link #accumulateFourRows} runs (on the Vector API, for dense and sparse weights). */
  boolean blocksFourRows() {
    return transposed != null && Int8Fma.vectorized();
  }

  /**
   * The accumulators of four centred input rows ({@code cols} apart from {@code dOffset}) at once,
   * register-blocked so that each widened weight vector serves four rows; row {@code q}'s
   * accumulators go to {@code acc[accOffset + q·stride …]}. Only when {@link #blocksFourRows()}.
   */
  void accumulateFourRows(float[] d, int dOffset, int[] acc, int accOffset) {
    Int8Fma.fourRows(d, dOffset, cols, transposed, stride, acc, accOffset);
  }

  /** As {@link #accumulateFourRows} for eight rows (half the weight widening per row). */
  void accumulateEightRows(float[] d, int dOffset, int[] acc, int accOffset) {
    Int8Fma.eightRows(d, dOffset, cols, transposed, stride, acc, accOffset);
  }

  private void accumulateSparse(float[] a, int aOffset, int[] acc, int accOffset) {
    final int[] start = columnStart;
    final int[] index = rowIndex;
    final byte[] v = columnValues;
    for (int i = 0; i < cols; i++) {
      int d = (int) a[aOffset + i];
      if (d == 0) {
        continue;
      }
      for (int k = start[i], end = start[i + 1]; k < end; k++) {
        acc[accOffset + index[k]] += v[k] * d;
      }
    }
  }

  private void accumulateDense(float[] a, int aOffset, int[] acc, int accOffset) {
    final int n = rows;
    final int s = stride;
    final byte[] t = transposed;
    int i = 0;
    for (; i + 4 <= cols; i += 4) {
      int d0 = (int) a[aOffset + i];
      int d1 = (int) a[aOffset + i + 1];
      int d2 = (int) a[aOffset + i + 2];
      int d3 = (int) a[aOffset + i + 3];
      if ((d0 | d1 | d2 | d3) == 0) {
        continue;
      }
      int w0 = i * s;
      Int8Axpy.addFourColumns(t, w0, w0 + s, w0 + 2 * s, w0 + 3 * s, n, d0, d1, d2, d3, acc, accOffset);
    }
    for (; i < cols; i++) {
      int d = (int) a[aOffset + i];
      if (d != 0) {
        Int8Axpy.addColumn(t, i * s, n, d, acc, accOffset);
      }
    }
  }

  /**
   * Quantizes {@code count} values from {@code x[offset]} with a scale and zero point of their own
   * (asymmetric uint8 over their range with 0 included, stored shifted by −128), writes the codes to
   * {@code codes} and returns {@code {scale bits, zero point}}.
   */
  static long quantizeDynamic(float[] x, int offset, int count, byte[] codes) {
    long params = dynamicRange(x, offset, count);
    dev.topiary.runtime.int8.Int8Activations.quantize(x, offset, count, Float.intBitsToFloat((int) (params >>> 32)),
        (int) params, codes, 0);
    return params;
  }

  /**
   * As {@link #quantizeDynamic}, but writes the codes centred on their zero point as floats ({@link
   * dev.topiary.runtime.int8.Int8Activations#quantizeCentred}) into {@code centred[centredOffset …]}.
   */
  static long quantizeDynamicCentred(float[] x, int offset, int count, float[] centred, int centredOffset) {
    long params = dynamicRange(x, offset, count);
    dev.topiary.runtime.int8.Int8Activations.quantizeCentred(x, offset, count,
        Float.intBitsToFloat((int) (params >>> 32)), (int) params, centred, centredOffset);
    return params;
  }

  private static long dynamicRange(float[] x, int offset, int count) {
    float min = 0f;
    float max = 0f;
    for (int i = offset; i < offset + count; i++) {
      min = Math.min(min, x[i]);
      max = Math.max(max, x[i]);
    }
    float scale = max - min == 0f ? 1f : (max - min) / 255f;
    int zero = Math.max(0, Math.min(255, (int) Math.rint(-min / scale))) - 128;
    return ((long) Float.floatToRawIntBits(scale) << 32) | (zero & 0xFFFFFFFFL);
  }

  /**
   * Converts {@code count} accumulators per output channel to float for a dynamically quantized
   * input: {@code y = sx·sw[o]·(acc − zx·Σw[o]) + b[o]}; {@code positions} accumulators per channel
   * (1 for dense).
   */
  void dequantizeDynamic(int[] acc, int accOffset, float inputScale, int inputZero, float[] out, int outOffset,
      int positions) {
    dequantizeDynamic(acc, accOffset, positions, inputScale, inputZero, out, outOffset, positions);
  }

  /** As above, with channel {@code o}'s accumulators from {@code accOffset + o·accStride}. */
  void dequantizeDynamic(int[] acc, int accOffset, int accStride, float inputScale, int inputZero, float[] out,
      int outOffset, int positions) {
    for (int o = 0; o < rows; o++) {
      float m = inputScale * (weightScales.length == 1 ? weightScales[0] : weightScales[o]);
      float c = bias[o] - m * inputZero * rowSums[o];
      int base = o * positions;
      int from = accOffset + o * accStride;
      for (int p = 0; p < positions; p++) {
        out[outOffset + base + p] = Math.fma((float) acc[from + p], m, c);
      }
    }
  }

  boolean isSparse() {
    return sparse != null;
  }

  byte[] denseCodes() {
    return sparse != null ? sparse.toDense() : codes.clone();
  }

  long nonZeroWeights() {
    if (sparse != null) {
      return sparse.nonZeros();
    }
    long count = 0;
    for (byte code : codes) {
      count += code != 0 ? 1 : 0;
    }
    return count;
  }

  void write(TpmWriter out) {
    if (!dynamic) {
      out.f32(inputScale);
      out.u32(inputZeroPoint);
    }
    out.u32(weightScales.length);
    out.floats(weightScales);
    byte[] dense = denseCodes();
    CsrInt8Matrix csr = sparse != null ? sparse : CsrInt8Matrix.fromDense(dense, rows, cols);
    byte[] gapBytes = gaps(csr);
    boolean storeSparse = sparse != null
        || 4L * (rows + 1) + gapBytes.length + csr.nonZeros() + 2L * TpmFormat.ALIGNMENT < dense.length;
    if (sparse == null) {
      out.u32(storeSparse ? STORE_SPARSE : STORE_DENSE);
    }
    if (!storeSparse) {
      out.bytes(dense);
    } else {
      out.ints(csr.rowStart());
      out.u32(gapBytes.length);
      out.bytes(gapBytes);
      out.bytes(csr.values());
    }
    out.floats(bias);
  }

  /** The column gaps of a CSR matrix as the file stores them (see the class documentation). */
  private static byte[] gaps(CsrInt8Matrix csr) {
    int[] rowStart = csr.rowStart();
    int[] columns = csr.columns();
    ByteSink gaps = new ByteSink();
    for (int o = 0; o < csr.rows(); o++) {
      int previous = -1;
      for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
        int gap = columns[k] - previous - 1;
        while (gap >= 255) {
          gaps.u8(255);
          gap -= 255;
        }
        gaps.u8(gap);
        previous = columns[k];
      }
    }
    return gaps.toByteArray();
  }

  static Int8Weights read(TpmReader in, int rows, int cols, boolean sparse, boolean relu) throws ModelFormatException {
    return read(in, rows, cols, sparse, relu, false);
  }

  static Int8Weights read(TpmReader in, int rows, int cols, boolean sparse, boolean relu, boolean dynamic)
      throws ModelFormatException {
    int at = in.position();
    float inputScale = 1f;
    int inputZeroPoint = 0;
    if (!dynamic) {
      inputScale = in.f32("inputScale");
      if (!(inputScale > 0f)) {
        throw in.error("inputScale", at, "must be positive, got " + inputScale);
      }
      at = in.position();
      inputZeroPoint = in.u32("inputZeroPoint");
      if (inputZeroPoint < -128 || inputZeroPoint > 127) {
        throw in.error("inputZeroPoint", at, "must be in [-128, 127], got " + inputZeroPoint);
      }
    }
    int scaleCount = in.count("weightScales.count", 1, rows);
    if (scaleCount != 1 && scaleCount != rows) {
      throw in.error("weightScales.count", in.position() - 4, "must be 1 or " + rows + ", got " + scaleCount);
    }
    at = in.position();
    float[] scales = in.floats("weightScales", scaleCount);
    for (int i = 0; i < scales.length; i++) {
      if (!(scales[i] > 0f) || !Float.isFinite(scales[i])) {
        throw in.error("weightScales", at, "scale " + i + " must be positive and finite, got " + scales[i]);
      }
    }
    byte[] codes;
    boolean storedSparse = sparse;
    if (!sparse) {
      storedSparse = in.count("weights.storage", STORE_DENSE, STORE_SPARSE) == STORE_SPARSE;
    }
    if (!storedSparse) {
      codes = in.bytes("weights", (long) rows * cols);
    } else {
      at = in.position();
      int[] rowStart = in.ints("rowStart", rows + 1L);
      int gapCount = in.count("gaps.count", 0, Integer.MAX_VALUE - 64);
      int gapsAt = in.position();
      byte[] gaps = in.bytes("gaps", gapCount);
      int nonZeros = rowStart[rows];
      if (rowStart[0] != 0 || nonZeros < 0 || nonZeros > (long) rows * cols) {
        throw in.error("rowStart", at, "must run from 0 to at most " + ((long) rows * cols) + ", got " + rowStart[0]
            + " to " + nonZeros);
      }
      int valuesAt = in.position();
      byte[] values = in.bytes("values", nonZeros);
      codes = new byte[rows * cols];
      int g = 0;
      for (int o = 0; o < rows; o++) {
        if (rowStart[o + 1] < rowStart[o]) {
          throw in.error("rowStart", at, "must not decrease, but entry " + (o + 1) + " is " + rowStart[o + 1]
              + " after " + rowStart[o]);
        }
        int column = -1;
        for (int k = rowStart[o]; k < rowStart[o + 1]; k++) {
          int gap = 0;
          while (true) {
            if (g >= gaps.length) {
              throw in.error("gaps", gapsAt, "end before the columns of row " + o + " do");
            }
            int b = gaps[g++] & 0xFF;
            gap += b;
            if (b != 255) {
              break;
            }
          }
          column += gap + 1;
          if (column >= cols) {
            throw in.error("gaps", gapsAt, "put a weight of row " + o + " at column " + column + ", beyond " + cols);
          }
          if (values[k] == 0) {
            throw in.error("values", valuesAt, "value " + k + " is zero; the sparse form stores non-zeros only");
          }
          codes[o * cols + column] = values[k];
        }
      }
      if (g != gaps.length) {
        throw in.error("gaps", gapsAt, (gaps.length - g) + " gap bytes left over after the last row");
      }
    }
    float[] bias = in.floats("bias", rows);
    return dynamic ? dynamic(rows, cols, scales, codes, bias)
        : new Int8Weights(rows, cols, inputScale, inputZeroPoint, scales, codes, bias, sparse, relu);
  }
}
