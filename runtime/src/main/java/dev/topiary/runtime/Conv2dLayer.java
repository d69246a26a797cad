package dev.topiary.runtime;

/**
 * A 2-D convolution over NCHW examples (DL4J's layout), weights {@code [outC][inC][kh][kw]}. Each
 * example is unrolled into an im2col matrix {@code [inC·kh·kw][oh·ow]} (one work array per row),
 * then each output channel is a sum of those rows scaled by its weights ({@link Axpy}, which the JIT
 * vectorises).
 * With the Vector API the dense kernel takes four output channels at a time as a register-blocked
 * product ({@link VectorDense}). The sparse kernel keeps only the non-zero weights of each output
 * channel.
 */
final class Conv2dLayer extends Layer {

  static final String TYPE = "conv2d";

  private final int inChannels;
  private final int height;
  private final int width;
  private final int outChannels;
  private final int outHeight;
  private final int outWidth;
  private final Window window;
  private final float[] weights;
  private final float[] bias;
  private final Activation activation;
  private final KernelKind kernel;
  /** Sparse kernel: non-zeros of channel {@code c} are {@code channelStart[c] .. channelStart[c + 1]}. */
  private final int[] channelStart;
  private final int[] column;
  private final float[] values;
  /** With the Vector API and the dense kernel, zeros of the padded plane size; else null. */
  private final float[] zeroBias;

  Conv2dLayer(String name, int[] inputShape, int outChannels, Window window, float[] weights, float[] bias,
      Activation activation, KernelKind kernel) {
    super(name, inputShape, outputShape(inputShape, outChannels, window));
    this.inChannels = inputShape[0];
    this.height = inputShape[1];
    this.width = inputShape[2];
    this.outChannels = outChannels;
    this.outHeight = window.outputHeight(height);
    this.outWidth = window.outputWidth(width);
    this.window = window;
    long k = (long) inChannels * window.kernelHeight() * window.kernelWidth();
    if (k * outChannels != weights.length) {
      throw new IllegalArgumentException("conv2d " + outChannels + "x" + inChannels + "x" + window.kernelHeight()
          + "x" + window.kernelWidth() + " needs " + (k * outChannels) + " weights, got " + weights.length);
    }
    if (bias.length != outChannels) {
      throw new IllegalArgumentException("conv2d needs " + outChannels + " biases, got " + bias.length);
    }
    if (k * outHeight * outWidth > MAX_VALUES) {
      throw new IllegalArgumentException("conv2d's im2col matrix would have " + (k * outHeight * outWidth)
          + " values per example, more than " + MAX_VALUES);
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    if (kernel != KernelKind.DENSE && kernel != KernelKind.SPARSE) {
      throw new IllegalArgumentException("conv2d runs on the dense or the sparse kernel, got " + kernel);
    }
    this.weights = weights.clone();
    this.bias = bias.clone();
    this.activation = activation;
    this.kernel = kernel;
    int kk = (int) k;
    int nonZero = (int) countNonZero(weights);
    channelStart = new int[outChannels + 1];
    column = new int[kernel == KernelKind.SPARSE ? nonZero : 0];
    values = new float[column.length];
    this.zeroBias = VectorSupport.AVAILABLE && kernel == KernelKind.DENSE && outChannels >= 4
        ? new float[VectorDense.padded(outHeight * outWidth)] : null;
    if (kernel == KernelKind.SPARSE) {
      int n = 0;
      for (int c = 0; c < outChannels; c++) {
        channelStart[c] = n;
        for (int j = 0; j < kk; j++) {
          float v = weights[c * kk + j];
          if (v != 0f) {
            column[n] = j;
            values[n++] = v;
          }
        }
      }
      channelStart[outChannels] = n;
    }
  }

  private static int[] outputShape(int[] inputShape, int outChannels, Window window) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException("conv2d needs an input of [channels, height, width], got shape "
          + Layer.shapeText(inputShape));
    }
    if (window == null) {
      throw new IllegalArgumentException("window must not be null");
    }
    if (outChannels < 1) {
      throw new IllegalArgumentException("conv2d needs at least 1 output channel, got " + outChannels);
    }
    int oh = window.outputHeight(inputShape[1]);
    int ow = window.outputWidth(inputShape[2]);
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException("window " + window + " does not fit the input " + Layer.shapeText(inputShape));
    }
    return new int[] {outChannels, oh, ow};
  }

  static Layer readDense(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, KernelKind.DENSE);
  }

  static Layer readSparse(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, KernelKind.SPARSE);
  }

  private static Layer read(String name, int[] shape, TpmReader in, KernelKind kernel) throws ModelFormatException {
    int outChannels = in.count("outChannels", 1, Layer.MAX_VALUES);
    Window window = in.window("window");
    Activation activation = in.activation("activation");
    outputShape(shape, outChannels, window);
    long count = (long) outChannels * shape[0] * window.kernelHeight() * window.kernelWidth();
    float[] weights = in.floats("weights", count);
    float[] bias = in.floats("bias", outChannels);
    return new Conv2dLayer(name, shape, outChannels, window, weights, bias, activation, kernel);
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  KernelKind kernel() {
    return kernel;
  }

  @Override
  long parameterCount() {
    return weights.length + (long) bias.length;
  }

  @Override
  long nonZeroCount() {
    return countNonZero(weights) + countNonZero(bias);
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    int plane = outHeight * outWidth;
    int k = inChannels * window.kernelHeight() * window.kernelWidth();
    boolean vector = zeroBias != null;
    int padded = vector ? zeroBias.length : plane;
    float[][] col = scratch.rows(k, padded);
    float[] y = scratch.work(vector ? 4 * padded : plane);
    for (int r = 0; r < rows; r++) {
      im2col(in, inOffset + r * inputSize, col);
      int yo = outOffset + r * outputSize;
      int c = 0;
      if (vector) {
        // output channels c..c+3 are four rows of weights times the im2col matrix
        for (; c + 4 <= outChannels; c += 4) {
          VectorDense.fourRows(weights, c * k, k, col, zeroBias, y, padded);
          for (int q = 0; q < 4; q++) {
            int row = yo + (c + q) * plane;
            float b = bias[c + q];
            for (int p = 0; p < plane; p++) {
              out[row + p] = y[q * padded + p] + b;
            }
          }
        }
      }
      for (; c < outChannels; c++) {
        java.util.Arrays.fill(y, 0, plane, bias[c]);
        if (kernel == KernelKind.SPARSE) {
          for (int n = channelStart[c], end = channelStart[c + 1]; n < end; n++) {
            Axpy.one(y, col[column[n]], values[n], plane);
          }
        } else {
          int wo = c * k;
          int j = 0;
          for (; j + 4 <= k; j += 4) {
            Axpy.four(y, col[j], col[j + 1], col[j + 2], col[j + 3], weights[wo + j], weights[wo + j + 1],
                weights[wo + j + 2], weights[wo + j + 3], plane);
          }
          for (; j < k; j++) {
            Axpy.one(y, col[j], weights[wo + j], plane);
          }
        }
        System.arraycopy(y, 0, out, yo + c * plane, plane);
      }
    }
    activation.apply(out, outOffset, rows * outputSize, outputSize);
  }

  /** Unrolls one example: row {@code (c·kh + i)·kw + j} holds input channel c shifted by (i, j). */
  private void im2col(float[] x, int xo, float[][] col) {
    final int kh = window.kernelHeight();
    final int kw = window.kernelWidth();
    final int sh = window.strideHeight();
    final int sw = window.strideWidth();
    final int top = window.padTop();
    final int left = window.padLeft();
    int row = 0;
    for (int c = 0; c < inChannels; c++) {
      int channel = xo + c * height * width;
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++, row++) {
          float[] target = col[row];
          for (int oy = 0; oy < outHeight; oy++) {
            int iy = oy * sh - top + i;
            int dst = oy * outWidth;
            if (iy < 0 || iy >= height) {
              for (int ox = 0; ox < outWidth; ox++) {
                target[dst + ox] = 0f;
              }
              continue;
            }
            int src = channel + iy * width;
            if (sw == 1) {
              // input column ix = ox + j - left: copy the part inside the image, zero the padding
              int shift = j - left;
              int from = Math.max(0, -shift);
              int to = Math.min(outWidth, width - shift);
              for (int ox = 0; ox < Math.min(from, outWidth); ox++) {
                target[dst + ox] = 0f;
              }
              if (to > from) {
                System.arraycopy(x, src + from + shift, target, dst + from, to - from);
              }
              for (int ox = Math.max(to, from); ox < outWidth; ox++) {
                target[dst + ox] = 0f;
              }
            } else {
              for (int ox = 0; ox < outWidth; ox++) {
                int ix = ox * sw - left + j;
                target[dst + ox] = ix >= 0 && ix < width ? x[src + ix] : 0f;
              }
            }
          }
        }
      }
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.u32(outChannels);
    out.window(window);
    out.activation(activation);
    out.floats(weights);
    out.floats(bias);
  }

  /** The weights {@code [outC][inC][kh][kw]} row-major (a copy), for tools that transform models. */
  float[] weightsRowMajor() {
    return weights.clone();
  }

  /** The bias (a copy). */
  float[] bias() {
    return bias.clone();
  }

  /** The activation applied to the outputs. */
  Activation activation() {
    return activation;
  }

  /** The kernel window. */
  Window window() {
    return window;
  }
}
