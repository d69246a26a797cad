package dev.topiary.runtime;

/**
 * Max or average pooling over each channel of NCHW examples. Padded positions never win a max;
 * an average divides by the whole window ({@code countIncludesPad}) or (DL4J's default) by the
 * positions inside the input.
 */
final class PoolLayer extends Layer {

  static final String MAX_TYPE = "maxpool";
  static final String AVG_TYPE = "avgpool";

  private final boolean max;
  private final boolean countIncludesPad;
  private final Window window;
  private final int channels;
  private final int height;
  private final int width;
  private final int outHeight;
  private final int outWidth;

  PoolLayer(String name, int[] inputShape, Window window, boolean max, boolean countIncludesPad) {
    super(name, inputShape, outputShape(inputShape, window));
    this.max = max;
    this.countIncludesPad = countIncludesPad;
    this.window = window;
    this.channels = inputShape[0];
    this.height = inputShape[1];
    this.width = inputShape[2];
    this.outHeight = window.outputHeight(height);
    this.outWidth = window.outputWidth(width);
  }

  private static int[] outputShape(int[] inputShape, Window window) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException("pooling needs an input of [channels, height, width], got shape "
          + Layer.shapeText(inputShape));
    }
    if (window == null) {
      throw new IllegalArgumentException("window must not be null");
    }
    if (window.padTop() >= window.kernelHeight() || window.padBottom() >= window.kernelHeight()
        || window.padLeft() >= window.kernelWidth() || window.padRight() >= window.kernelWidth()) {
      throw new IllegalArgumentException("pooling padding must be smaller than the window, got " + window);
    }
    int oh = window.outputHeight(inputShape[1]);
    int ow = window.outputWidth(inputShape[2]);
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException("window " + window + " does not fit the input " + Layer.shapeText(inputShape));
    }
    return new int[] {inputShape[0], oh, ow};
  }

  static Layer readMax(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return new PoolLayer(name, shape, in.window("window"), true, false);
  }

  static Layer readAverage(String name, int[] shape, TpmReader in) throws ModelFormatException {
    Window window = in.window("window");
    return new PoolLayer(name, shape, window, false, in.flag("countIncludesPad"));
  }

  Window window() {
    return window;
  }

  boolean isMax() {
    return max;
  }

  boolean countIncludesPad() {
    return countIncludesPad;
  }

  @Override
  String type() {
    return max ? MAX_TYPE : AVG_TYPE;
  }

  @Override
  KernelKind kernel() {
    return KernelKind.NONE;
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    final int kh = window.kernelHeight();
    final int kw = window.kernelWidth();
    final float whole = kh * kw;
    if (max && kh == 2 && kw == 2 && window.strideHeight() == 2 && window.strideWidth() == 2
        && window.padTop() == 0 && window.padLeft() == 0) {
      maxTwoByTwo(in, inOffset, out, outOffset, rows);
      return;
    }
    for (int r = 0; r < rows; r++) {
      int x = inOffset + r * inputSize;
      int y = outOffset + r * outputSize;
      for (int c = 0; c < channels; c++) {
        int plane = x + c * height * width;
        for (int oy = 0; oy < outHeight; oy++) {
          int y0 = oy * window.strideHeight() - window.padTop();
          int yStart = Math.max(y0, 0);
          int yEnd = Math.min(y0 + kh, height);
          for (int ox = 0; ox < outWidth; ox++) {
            int x0 = ox * window.strideWidth() - window.padLeft();
            int xStart = Math.max(x0, 0);
            int xEnd = Math.min(x0 + kw, width);
            float value;
            if (max) {
              value = Float.NEGATIVE_INFINITY;
              for (int iy = yStart; iy < yEnd; iy++) {
                for (int ix = xStart; ix < xEnd; ix++) {
                  value = Math.max(value, in[plane + iy * width + ix]);
                }
              }
            } else {
              float sum = 0f;
              for (int iy = yStart; iy < yEnd; iy++) {
                for (int ix = xStart; ix < xEnd; ix++) {
                  sum += in[plane + iy * width + ix];
                }
              }
              value = sum / (countIncludesPad ? whole : (float) ((yEnd - yStart) * (xEnd - xStart)));
            }
            out[y++] = value;
          }
        }
      }
    }
  }

  /** The common 2×2, stride 2 max pool without padding, with no clipping in the loops. */
  private void maxTwoByTwo(float[] in, int inOffset, float[] out, int outOffset, int rows) {
    int y = outOffset;
    for (int r = 0; r < rows; r++) {
      int x = inOffset + r * inputSize;
      for (int c = 0; c < channels; c++) {
        int plane = x + c * height * width;
        for (int oy = 0; oy < outHeight; oy++) {
          int top = plane + 2 * oy * width;
          int bottom = top + width;
          for (int ox = 0; ox < outWidth; ox++) {
            int left = 2 * ox;
            out[y++] = Math.max(Math.max(in[top + left], in[top + left + 1]),
                Math.max(in[bottom + left], in[bottom + left + 1]));
          }
        }
      }
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.window(window);
    if (!max) {
      out.u32(countIncludesPad ? 1 : 0);
    }
  }
}
