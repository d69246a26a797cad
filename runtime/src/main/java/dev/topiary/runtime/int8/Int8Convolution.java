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
