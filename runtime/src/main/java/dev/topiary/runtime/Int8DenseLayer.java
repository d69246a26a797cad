package dev.topiary.runtime;

import dev.topiary.runtime.int8.Int8Activations;

/**
 * A fully connected layer that computes in int8: it quantizes its float input to 8-bit codes with
 * the calibrated scale and zero point, multiplies them by int8 weights into int32 accumulators
 * (dense weights transposed, on the float multiply-add units where the Vector API runs, exactly —
 * see {@link dev.topiary.runtime.int8.Int8Fma} — four rows at a time for a batch; or by input column
 * for pruned weights; inputs at real zero skipped), and converts the accumulators back to float with the bias,
 * the zero point and relu folded into one multiply-add per output; other activations follow.
 */
final class Int8DenseLayer extends Layer {

  private final int inputs;
  private final int outputs;
  private final Int8Weights weights;
  private final Activation activation;
  private final boolean fusedRelu;
  private final ThreadLocal<Scratch> scratch;

  /** Per-thread buffers that grow to the largest batch seen. */
  private static final class Scratch {
    /** The input codes centred on their zero point, as floats ({@code rows × inputs}). */
    float[] centred = new float[0];
    /** Accumulators, {@code rows × stride}. */
    int[] acc = new int[0];
    float[] work;
    int[] intWork;
    int[] nonZero;
  }

  Int8DenseLayer(String name, int[] inputShape, int outputs, float inputScale, int inputZeroPoint,
      float[] weightScales, byte[] codes, float[] bias, Activation activation, boolean sparse) {
    super(name, inputShape, new int[] {outputs});
    if (inputShape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(inputShape)
          + "; flatten first");
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    this.inputs = inputShape[0];
    this.outputs = outputs;
    this.activation = activation;
    this.fusedRelu = activation.function() == Activation.Function.RELU;
    this.weights = new Int8Weights(outputs, inputs, inputScale, inputZeroPoint, weightScales, codes, bias, sparse,
        fusedRelu);
    this.scratch = ThreadLocal.withInitial(Scratch::new);
  }

  /** A dynamically quantized layer: each example's input is quantized with its own range at run time. */
  static Int8DenseLayer dynamic(String name, int[] inputShape, int outputs, float[] weightScales, byte[] codes,
      float[] bias, Activation activation) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(inputShape)
          + "; flatten first");
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    return new Int8DenseLayer(name, inputShape, outputs, Int8Weights.dynamic(outputs, inputShape[0], weightScales,
        codes, bias), activation);
  }

  static Layer readDynamic(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    if ((long) shape[0] * outputs > Layer.MAX_VALUES * 4L) {
      throw new IllegalArgumentException("dense " + shape[0] + "->" + outputs + " has too many weights");
    }
    return new Int8DenseLayer(name, shape, outputs, Int8Weights.read(in, outputs, shape[0], false, false, true),
        activation);
  }

  private Int8DenseLayer(String name, int[] inputShape, int outputs, Int8Weights weights, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = inputShape[0];
    this.outputs = outputs;
    this.weights = weights;
    this.activation = activation;
    this.fusedRelu = !weights.dynamic && activation.function() == Activation.Function.RELU;
    this.scratch = ThreadLocal.withInitial(Scratch::new);
  }

  static Layer readDense(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, false);
  }

  static Layer readSparse(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return read(name, shape, in, true);
  }

  private static Layer read(String name, int[] shape, TpmReader in, boolean sparse) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    if ((long) shape[0] * outputs > Layer.MAX_VALUES * 4L) {
      throw new IllegalArgumentException("dense " + shape[0] + "->" + outputs + " has too many weights");
    }
    Int8Weights weights = Int8Weights.read(in, outputs, shape[0], sparse,
        activation.function() == Activation.Function.RELU);
    return new Int8DenseLayer(name, shape, outputs, weights, activation);
  }

  Int8Weights weights() {
    return weights;
  }

  Activation activation() {
    return activation;
  }

  @Override
  String type() {
    return DenseLayer.TYPE;
  }

  @Override
  KernelKind kernel() {
    return weights.dynamic ? KernelKind.DYNAMIC_INT8 : weights.isSparse() ? KernelKind.SPARSE_INT8 : KernelKind.INT8;
  }

  @Override
  long parameterCount() {
    return (long) inputs * outputs + outputs;
  }

  @Override
  long nonZeroCount() {
    return weights.nonZeroWeights() + countNonZero(weights.bias);
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, dev.topiary.runtime.Scratch buffers) {
    Scratch s = scratch.get();
    final int stride = weights.stride;
    if (s.centred.length < rows * inputs) {
      s.centred = new float[rows * inputs];
      s.acc = new int[rows * stride];
    }
    if (s.work == null) {
      s.work = new float[stride];
      s.intWork = new int[stride];
      s.nonZero = new int[inputs];
    }
    if (weights.dynamic) {
      for (int r = 0; r < rows; r++) {
        long params = Int8Weights.quantizeDynamicCentred(in, inOffset + r * inputs, inputs, s.centred, 0);
        weights.accumulateCentred(s.centred, 0, s.acc, 0, s.work, s.intWork, s.nonZero);
        weights.dequantizeDynamic(s.acc, 0, Float.intBitsToFloat((int) (params >>> 32)), 0, out,
            outOffset + r * outputs, 1);
      }
      if (activation.function() != Activation.Function.IDENTITY) {
        activation.apply(out, outOffset, rows * outputs, outputs);
      }
      return;
    }
    Int8Activations.quantizeCentred(in, inOffset, rows * inputs, weights.inputScale, weights.inputZeroPoint,
        s.centred, 0);
    int r = 0;
    if (weights.blocksFourRows()) {
      for (; r + 8 <= rows; r += 8) {
        weights.accumulateEightRows(s.centred, r * inputs, s.acc, r * stride);
      }
      for (; r + 4 <= rows; r += 4) {
        weights.accumulateFourRows(s.centred, r * inputs, s.acc, r * stride);
      }
    }
    for (; r < rows; r++) {
      weights.accumulateCentred(s.centred, r * inputs, s.acc, r * stride, s.work, s.intWork, s.nonZero);
    }
    for (r = 0; r < rows; r++) {
      weights.centredToFloat.applyFloat(s.acc, r * stride, out, outOffset + r * outputs);
    }
    if (!fusedRelu && activation.function() != Activation.Function.IDENTITY) {
      activation.apply(out, outOffset, rows * outputs, outputs);
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.u32(outputs);
    out.activation(activation);
    weights.write(out);
  }
}
