package dev.topiary.runtime;

import dev.topiary.runtime.int8.Int8Activations;
import dev.topiary.runtime.int8.Int8Convolution;
import dev.topiary.runtime.int8.Int8Fma;

/**
 * A 2-D convolution that computes in int8 (NCHW, weights {@code [outC][inC][kh][kw]}): each
 * example's float input is quantized to 8-bit codes, unrolled into int8 im2col columns (padding
 * is the zero point, the code of real 0), multiplied by the int8 filters into int32 accumulators
 * (dense: with the Vector API, the float im2col matrix times four filters at a time on the float
 * multiply-add units, exactly, see {@link Int8Fma}; without it, each output plane adds the
 * kernel-major columns scaled by its weights; CSR for pruned filters), and converted back to float
 * per output channel with the
 * bias, zero point and relu folded in.
 */
final class Int8Conv2dLayer extends Layer {

  private final int outChannels;
  private final Window window;
  private final Int8Convolution.Geometry geometry;
  private final Int8Weights weights;
  private final Activation activation;
  private final boolean fusedRelu;
  private final ThreadLocal<Scratch> scratch;

  private static final class Scratch {
    byte[] codes;
    byte[] patches;
    /** The input codes as floats, and the float im2col matrix of the multiply-add kernel ({@code patchSize × stride}). */
    float[] floatCodes;
    float[] columns;
    int[] acc;
  }

  /** The filters' int8 codes as floats ({@code outChannels × patchSize}) when {@link #fma} runs, else null. */
  private final float[] filters;
  /** Distance between two kernel rows of the float im2col matrix: the positions, {@link Int8Fma#padded}. */
  private final int stride;

  Int8Conv2dLayer(String name, int[] inputShape, int outChannels, Window window, float inputScale,
      int inputZeroPoint, float[] weightScales, byte[] codes, float[] bias, Activation activation, boolean sparse) {
    this(name, inputShape, outChannels, window, activation, geometry(inputShape, outChannels, window),
        relu -> new Int8Weights(outChannels, inputShape[0] * window.kernelHeight() * window.kernelWidth(), inputScale,
            inputZeroPoint, weightScales, codes, bias, sparse, relu));
  }

  private interface WeightsFactory {
    Int8Weights create(boolean relu);
  }

  private Int8Conv2dLayer(String name, int[] inputShape, int outChannels, Window window, Activation activation,
      Int8Convolution.Geometry geometry, WeightsFactory weights) {
    super(name, inputShape, new int[] {outChannels, geometry.outH(), geometry.outW()});
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    this.outChannels = outChannels;
    this.window = window;
    this.geometry = geometry;
    this.activation = activation;
    Int8Weights w = weights.create(activation.function() == Activation.Function.RELU);
    this.fusedRelu = !w.dynamic && activation.function() == Activation.Function.RELU;
    this.weights = w;
    boolean fma = Int8Fma.vectorized() && !w.isSparse();
    this.stride = fma ? Int8Fma.padded(geometry.positions()) : geometry.positions();
    if (fma) {
      this.filters = new float[w.codes.length];
      for (int i = 0; i < filters.length; i++) {
        filters[i] = w.codes[i];
      }
    } else {
      this.filters = null;
    }
    this.scratch = ThreadLocal.withInitial(() -> {
      Scratch s = new Scratch();
      s.codes = new byte[geometry.inputSize()];
      if (fma) {
        s.floatCodes = new float[geometry.inputSize()];
        s.columns = new float[geometry.patchSize() * stride];
      } else {
        s.patches = new byte[geometry.positions() * geometry.patchSize()];
      }
      s.acc = new int[stride * outChannels];
      return s;
    });
  }

  private static Int8Convolution.Geometry geometry(int[] inputShape, int outChannels, Window window) {
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
    long patches = (long) oh * ow * inputShape[0] * window.kernelHeight() * window.kernelWidth();
    if (patches > MAX_VALUES) {
      throw new IllegalArgumentException("conv2d's im2col matrix would have " + patches + " values per example, more "
          + "than " + MAX_VALUES);
    }
    return new Int8Convolution.Geometry(inputShape[0], inputShape[1], inputShape[2], window.kernelHeight(),
        window.kernelWidth(), window.strideHeight(), window.strideWidth(), window.padTop(), window.padLeft(), oh, ow);
  }

  /** A dynamically quantized convolution: each example's input is quantized with its own range at run time. */
  static Int8Conv2dLayer dynamic(String name, int[] inputShape, int outChannels, Window window, float[] weightScales,
      byte[] codes, float[] bias, Activation activation) {
    return new Int8Conv2dLayer(name, inputShape, outChannels, window, activation, geometry(inputShape, outChannels,
        window), relu -> Int8Weights.dynamic(outChannels, inputShape[0] * window.kernelHeight() * window.kernelWidth(),
        weightScales, codes, bias));
  }

  static Layer readDynamic(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outChannels = in.count("outChannels", 1, Layer.MAX_VALUES);
    Window window = in.window("window");
    Activation activation = in.activation("activation");
    Int8Convolution.Geometry geometry = geometry(shape, outChannels, window);
    if ((long) outChannels * geometry.patchSize() > MAX_VALUES) {
      throw new IllegalArgumentException("conv2d has more than " + MAX_VALUES + " weights");
    }
    Int8Weights weights = Int8Weights.read(in, outChannels, geometry.patchSize(), false, false, true);
    return new Int8Conv2dLayer(name, shape, outChannels, window, activation, geometry, relu -> weights);
  }

  static Layer readDense(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, false);
  }

  static Layer readSparse(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, true);
  }

  private static Layer read(String name, int[] shape, TpmReader in, boolean sparse) throws ModelFormatException {
    int outChannels = in.count("outChannels", 1, Layer.MAX_VALUES);
    Window window = in.window("window");
    Activation activation = in.activation("activation");
    Int8Convolution.Geometry geometry = geometry(shape, outChannels, window);
    if ((long) outChannels * geometry.patchSize() > MAX_VALUES) {
      throw new IllegalArgumentException("conv2d has more than " + MAX_VALUES + " weights");
    }
    Int8Weights weights = Int8Weights.read(in, outChannels, geometry.patchSize(), sparse,
        activation.function() == Activation.Function.RELU);
    return new Int8Conv2dLayer(name, shape, outChannels, window, activation, geometry, relu -> weights);
  }

  Int8Weights weights() {
    return weights;
  }

  Window window() {
    return window;
  }

  Activation activation() {
    return activation;
  }

  @Override
  String type() {
    return Conv2dLayer.TYPE;
  }

  @Override
  KernelKind kernel() {
    return weights.dynamic ? KernelKind.DYNAMIC_INT8 : weights.isSparse() ? KernelKind.SPARSE_INT8 : KernelKind.INT8;
  }

  @Override
  long parameterCount() {
    return (long) weights.rows * weights.cols + weights.rows;
  }

  @Override
  long nonZeroCount() {
    return weights.nonZeroWeights() + countNonZero(weights.bias);
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, dev.topiary.runtime.Scratch buffers) {
    Scratch s = scratch.get();
    int positions = geometry.positions();
    for (int r = 0; r < rows; r++) {
      int yo = outOffset + r * outputSize;
      int zero;
      long params = 0;
      if (weights.dynamic) {
        params = Int8Weights.quantizeDynamic(in, inOffset + r * inputSize, inputSize, s.codes);
        zero = (int) params;
        if (filters != null) {
          for (int i = 0; i < inputSize; i++) {
            s.floatCodes[i] = s.codes[i];
          }
        }
      } else {
        zero = weights.inputZeroPoint;
        if (filters != null) {
          Int8Activations.quantizeToFloatCodes(in, inOffset + r * inputSize, inputSize, weights.inputScale, zero,
              s.floatCodes, 0);
        } else {
          Int8Activations.quantize(in, inOffset + r * inputSize, inputSize, weights.inputScale, zero, s.codes, 0);
        }
      }
      if (filters != null) {
        accumulateFma(s, zero);
      } else if (weights.isSparse()) {
        Int8Convolution.im2col(geometry, s.codes, 0, (byte) zero, s.patches);
        weights.sparse.multiplyPatches(s.patches, positions, s.acc);
      } else {
        Int8Convolution.im2colByKernel(geometry, s.codes, 0, (byte) zero, s.patches);
        Int8Convolution.accumulateByKernel(geometry, weights.codes, outChannels, s.patches, s.acc);
      }
      if (weights.dynamic) {
        weights.dequantizeDynamic(s.acc, 0, stride, Float.intBitsToFloat((int) (params >>> 32)), zero, out, yo,
            positions);
        continue;
      }
      for (int c = 0; c < outChannels; c++) {
        weights.toFloat.applyChannelFloat(c, s.acc, c * stride, out, yo + c * positions, positions);
      }
    }
    if (!fusedRelu && activation.function() != Activation.Function.IDENTITY) {
      activation.apply(out, outOffset, rows * outputSize, outputSize);
    }
  }

  /**
   * The accumulators of the example in {@code s.floatCodes} on the float multiply-add kernel: the float
   * im2col matrix times four filters at a time (exact, see {@link Int8Fma}), channel {@code c}'s
   * accumulators from {@code c·stride}.
   */
  private void accumulateFma(Scratch s, int zero) {
    int k = geometry.patchSize();
    Int8Convolution.im2colByKernel(geometry, s.floatCodes, 0, zero, s.columns, stride);
    int c = 0;
    for (; c + 4 <= outChannels; c += 4) {
      Int8Fma.fourRows(filters, c * k, k, s.columns, stride, s.acc, c * stride);
    }
    for (; c < outChannels; c++) {
      Int8Fma.oneRow(filters, c * k, k, s.columns, stride, s.acc, c * stride);
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.u32(outChannels);
    out.window(window);
    out.activation(activation);
    weights.write(out);
  }
}
