package dev.topiary.runtime.int8;

/**
 * 2-D int8 convolution (NCHW, one example) as im2col followed by an int8 product: every output
 * position's receptive field is copied into one row of a patch matrix ({@code positions × K},
 * {@code K = channels·kernelH·kernelW}, in the weights' {@code [channel][kh][kw]} order), and
 * {@code out[o·positions + p] = Σ_k weights[o·K + k]·patch[p·K + k]}: output channel-major, the
 * order of an NCHW output plane. Padding is filled with the input's zero point, the code of real 0.
 */
public final class Int8Convolution {

  private Int8Convolution() {}

  /**
   * The geometry of one convolution.
   *
   * @param channels input channels
   * @param height input height
   * @param width input width
   * @param kernelH kernel height
   * @param kernelW kernel width
   * @param strideH vertical stride
   * @param strideW horizontal stride
   * @param padTop rows of padding above the input
   * @param padLeft columns of padding left of the input
   * @param outH output height
   * @param outW output width
   */
  public record Geometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
      int padTop, int padLeft, int outH, int outW) {

    /** Checks that every size is positive and every padding non-negative. */
    public Geometry {
      if (channels <= 0 || height <= 0 || width <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0
          || strideW <= 0 || outH <= 0 || outW <= 0) {
        throw new IllegalArgumentException("convolution sizes must be positive, got " + channels + "×" + height
            + "×" + width + " input, " + kernelH + "×" + kernelW + " kernel, stride " + strideH + "×" + strideW
            + ", " + outH + "×" + outW + " output");
      }
      if (padTop < 0 || padLeft < 0) {
        throw new IllegalArgumentException("padding must not be negative, got " + padTop + " top, " + padLeft
            + " left");
      }
      if ((long) channels * kernelH * kernelW > Int8MatMul.MAX_COLUMNS) {
        throw new IllegalArgumentException("a kernel of " + channels + "×" + kernelH + "×" + kernelW
            + " values exceeds " + Int8MatMul.MAX_COLUMNS + " (int32 accumulators must not overflow)");
      }
    }

    /** Values in one receptive field: {@code channels·kernelH·kernelW}. */
    public int patchSize() {
      return channels * kernelH * kernelW;
    }

    /** Output positions per channel: {@code outH·outW}. */
    public int positions() {
      return outH * outW;
    }

    /** Input values of one example: {@code channels·height·width}. */
    public int inputSize() {
      return channels * height * width;
    }
  }

  /**
   * Copies the receptive fields of one example ({@code input[inputOffset ...]}, NCHW) into {@code
   * patches} ({@code positions × patchSize}), padding with {@code zeroPoint}.
   */
  public static void im2col(Geometry g, byte[] input, int inputOffset, byte zeroPoint, byte[] patches) {
    int k = g.patchSize();
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++) {
        int row = (oy * g.outW + ox) * k;
        int col = 0;
        for (int c = 0; c < g.channels; c++) {
          int plane = inputOffset + c * g.height * g.width;
          for (int ky = 0; ky < g.kernelH; ky++) {
            int iy = oy * g.strideH - g.padTop + ky;
            for (int kx = 0; kx < g.kernelW; kx++) {
              int ix = ox * g.strideW - g.padLeft + kx;
              patches[row + col++] = iy < 0 || iy >= g.height || ix < 0 || ix >= g.width ? zeroPoint
                  : input[plane + iy * g.width + ix];
            }
          }
        }
      }
    }
  }

  /**
   * Copies the receptive fields of one example into {@code columns} kernel-major: {@code
   * columns[k·positions + p]} is element {@code k} ({@code [channel][kh][kw]} order) of position
   * {@code p}'s field, padding with {@code zeroPoint}; the layout {@link #accumulateByKernel} takes.
   */
  public static void im2colByKernel(Geometry g, byte[] input, int inputOffset, byte zeroPoint, byte[] columns) {
    int positions = g.positions();
    int k = 0;
    for (int c = 0; c < g.channels; c++) {
      int plane = inputOffset + c * g.height * g.width;
      for (int ky = 0; ky < g.kernelH; ky++) {
        for (int kx = 0; kx < g.kernelW; kx++, k++) {
          int base = k * positions;
          for (int oy = 0; oy < g.outH; oy++) {
            int iy = oy * g.strideH - g.padTop + ky;
            int dst = base + oy * g.outW;
            if (iy < 0 || iy >= g.height) {
              java.util.Arrays.fill(columns, dst, dst + g.outW, zeroPoint);
              continue;
            }
            int src = plane + iy * g.width;
            for (int ox = 0; ox < g.outW; ox++) {
              int ix = ox * g.strideW - g.padLeft + kx;
              columns[dst + ox] = ix < 0 || ix >= g.width ? zeroPoint : input[src + ix];
            }
          }
        }
      }
    }
  }

  /**
   * {@link #im2colByKernel(Geometry, byte[], int, byte, byte[])} from and into floats holding the
   * codes ({@link Int8Activations#quantizeToFloatCodes}), each kernel element's row {@code stride} apart ({@code columns[k·stride + p]}, {@code stride ≥
   * positions}; the entries from {@code positions} to {@code stride} are not written): the layout
   * the float multiply-add kernels ({@link Int8Fma}) take.
   *
   * @throws IllegalArgumentException if {@code stride} is below the positions or {@code columns} is
   *     too short
   */
  public static void im2colByKernel(Geometry g, float[] input, int inputOffset, float zeroPoint, float[] columns,
      int stride) {
    int positions = g.positions();
    if (input.length - inputOffset < g.inputSize() || inputOffset < 0) {
      throw new IllegalArgumentException("the input needs " + g.inputSize() + " values from offset " + inputOffset
          + ", has " + input.length);
    }
    if (stride < positions || columns.length < (long) g.patchSize() * stride) {
      throw new IllegalArgumentException("columns need " + g.patchSize() + " rows of stride at least " + positions
          + ", got stride " + stride + " and " + columns.length + " values");
    }
    int k = 0;
    for (int c = 0; c < g.channels; c++) {
      int plane = inputOffset + c * g.height * g.width;
      for (int ky = 0; ky < g.kernelH; ky++) {
        for (int kx = 0; kx < g.kernelW; kx++, k++) {
          int base = k * stride;
          for (int oy = 0; oy < g.outH; oy++) {
            int iy = oy * g.strideH - g.padTop + ky;
            int dst = base + oy * g.outW;
            if (iy < 0 || iy >= g.height) {
              java.util.Arrays.fill(columns, dst, dst + g.outW, zeroPoint);
              continue;
            }
            int src = plane + iy * g.width;
            if (g.strideW == 1) {
              // a contiguous run of the input row between the padding on either side
              int first = Math.max(0, Math.min(g.outW, g.padLeft - kx));
              int last = Math.max(first, Math.min(g.outW, g.width + g.padLeft - kx));
              java.util.Arrays.fill(columns, dst, dst + first, zeroPoint);
              if (last > first) {
                System.arraycopy(input, src + first - g.padLeft + kx, columns, dst + first, last - first);
              }
              java.util.Arrays.fill(columns, dst + last, dst + g.outW, zeroPoint);
              continue;
            }
            for (int ox = 0; ox < g.outW; ox++) {
              int ix = ox * g.strideW - g.padLeft + kx;
              columns[dst + ox] = ix < 0 || ix >= g.width ? zeroPoint : input[src + ix];
            }
          }
        }
      }
    }
  }

  /**
   * The same accumulators as {@link #accumulate}, {@code out[o·positions + p] = Σ_k weights[o·K +
   * k]·columns[k·positions + p]}, from kernel-major columns ({@link #im2colByKernel}): each output
   * plane adds the columns scaled by its weights, four at a time, a unit-stride loop over positions
   * ({@link Int8Axpy}, on the Vector API where enabled). Zero weights (a pruned filter's) are skipped.
   */
  public static void accumulateByKernel(Geometry g, byte[] weights, int outChannels, byte[] columns, int[] out) {
    int k = g.patchSize();
    int positions = g.positions();
    if (weights.length != (long) outChannels * k) {
      throw new IllegalArgumentException("weights must hold " + outChannels + " × " + k + " values, got "
          + weights.length);
    }
    if (columns.length < (long) positions * k || out.length < (long) positions * outChannels) {
      throw new IllegalArgumentException("columns need " + ((long) positions * k) + " values and the output "
          + ((long) positions * outChannels) + ", got " + columns.length + " and " + out.length);
    }
    java.util.Arrays.fill(out, 0, positions * outChannels, 0);
    for (int o = 0; o < outChannels; o++) {
      int w = o * k;
      int acc = o * positions;
      int j = 0;
      for (; j + 4 <= k; j += 4) {
        int w0 = weights[w + j];
        int w1 = weights[w + j + 1];
        int w2 = weights[w + j + 2];
        int w3 = weights[w + j + 3];
        if ((w0 | w1 | w2 | w3) == 0) {
          continue;
        }
        int c0 = j * positions;
        Int8Axpy.addFourColumns(columns, c0, c0 + positions, c0 + 2 * positions, c0 + 3 * positions, positions,
            w0, w1, w2, w3, out, acc);
      }
      for (; j < k; j++) {
        int w0 = weights[w + j];
        if (w0 != 0) {
          Int8Axpy.addColumn(columns, j * positions, positions, w0, out, acc);
        }
      }
    }
  }

  /**
   * The int32 accumulators of one example: {@code out[o·positions + p]} for {@code outChannels}
   * filters held row-major in {@code weights} ({@code outChannels × patchSize}); {@code patches}
   * comes from {@link #im2col}.
   */
  public static void accumulate(Geometry g, byte[] weights, int outChannels, byte[] patches, int[] out) {
    int k = g.patchSize();
    int positions = g.positions();
    if (weights.length != (long) outChannels * k) {
      throw new IllegalArgumentException("weights must hold " + outChannels + " × " + k + " values, got "
          + weights.length);
    }
    if (patches.length < (long) positions * k || out.length < (long) positions * outChannels) {
      throw new IllegalArgumentException("patches need " + ((long) positions * k) + " values and the output "
          + ((long) positions * outChannels) + ", got " + patches.length + " and " + out.length);
    }
    for (int o = 0; o < outChannels; o++) {
      Int8MatMul.gemvUnchecked(patches, positions, k, weights, o * k, out, o * positions);
    }
  }
}
