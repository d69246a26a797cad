package dev.topiary.runtime;

/**
 * A fully connected layer with dense fp32 weights, {@code y = act(W x + b)}. The weights are kept
 * as one array per input ({@code [in][out]}) so that the kernel is a unit-stride update of the
 * output row that the JIT vectorises ({@link Axpy}), four non-zero inputs per pass; rows of a batch
 * run one after the other on the same weights.
 */
final class DenseLayer extends Layer {

  static final String TYPE = "dense";

  private final int inputs;
  private final int outputs;
  /** {@code columns[i][o]} is the weight from input {@code i} to output {@code o}. */
  private final float[][] columns;
  /** Outputs rounded up to the Vector API kernel's block; columns and bias have this length. */
  private final int padded;
  private final float[] bias;
  private final Activation activation;

  /** A layer from weights {@code [out][in]} row-major. */
  DenseLayer(String name, int[] inputShape, int outputs, float[] weights, float[] bias, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = checkShapes(inputShape, outputs, weights, bias, activation);
    this.outputs = outputs;
    this.padded = VectorSupport.AVAILABLE ? VectorDense.padded(outputs) : outputs;
    this.columns = new float[inputs][padded];
    for (int o = 0; o < outputs; o++) {
      for (int i = 0; i < inputs; i++) {
        columns[i][o] = weights[o * inputs + i];
      }
    }
    this.bias = java.util.Arrays.copyOf(bias, padded);
    this.activation = activation;
  }

  /** Validates the shapes shared by the dense kernels and returns the input count. */
  static int checkShapes(int[] inputShape, int outputs, float[] weights, float[] bias, Activation activation) {
    if (inputShape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(inputShape)
          + "; flatten first");
    }
    int inputs = inputShape[0];
    if ((long) inputs * outputs != weights.length) {
      throw new IllegalArgumentException("dense " + inputs + "->" + outputs + " needs " + ((long) inputs * outputs)
          + " weights ([out][in]), got " + weights.length);
    }
    if (bias.length != outputs) {
      throw new IllegalArgumentException("dense " + inputs + "->" + outputs + " needs " + outputs + " biases, got "
          + bias.length);
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    return inputs;
  }

  /** The most weights a dense layer stored as non-zeros may have (its matrix is rebuilt at load). */
  static final long COMPACT_LIMIT = 1L << 24;

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    int at = in.position();
    boolean compact = in.flag("storage");
    float[] weights;
    if (compact) {
      if ((long) shape[0] * outputs > COMPACT_LIMIT) {
        throw in.error("storage", at, "dense " + shape[0] + "->" + outputs + " has more than " + COMPACT_LIMIT
            + " weights, too many to be stored as non-zeros");
      }
      weights = Csc.read(in, shape[0], outputs).toDense();
    } else {
      weights = in.floats("weights", (long) shape[0] * outputs);
    }
    float[] bias = in.floats("bias", outputs);
    return new DenseLayer(name, shape, outputs, weights, bias, activation);
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  KernelKind kernel() {
    return KernelKind.DENSE;
  }

  @Override
  long parameterCount() {
    return (long) inputs * outputs + outputs;
  }

  @Override
  long nonZeroCount() {
    long count = countNonZero(java.util.Arrays.copyOf(bias, outputs));
    for (float[] column : columns) {
      count += countNonZero(column);
    }
    return count;
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    int r = forwardBlocks(in, inOffset, out, outOffset, rows, scratch);
    float[] y = scratch.work(outputs);
    int[] nonZero = scratch.indices(inputs);
    for (; r < rows; r++) {
      oneRow(in, inOffset + r * inputs, y, nonZero);
      System.arraycopy(y, 0, out, outOffset + r * outputs, outputs);
    }
    activation.apply(out, outOffset, rows * outputs, outputs);
  }

  /**
   * Runs whole blocks of four rows on the Vector API kernel, if it is available, without the
   * activation; returns how many rows it ran (0 without the Vector API).
   */
  int forwardBlocks(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    int r = 0;
    if (VectorSupport.AVAILABLE && rows >= 4) {
      float[] block = scratch.work(4 * padded);
      for (; r + 4 <= rows; r += 4) {
        VectorDense.fourRows(in, inOffset + r * inputs, inputs, columns, bias, block, padded);
        for (int k = 0; k < 4; k++) {
          System.arraycopy(block, k * padded, out, outOffset + (r + k) * outputs, outputs);
        }
      }
    }
    return r;
  }

  /**
   * {@code y = b + W x} for one row. Only the columns of non-zero inputs are added (a ReLU's output
   * is often half zeros), four per pass.
   */
  private void oneRow(float[] x, int xo, float[] y, int[] nonZero) {
    oneRow(x, xo, y, nonZero, nonZeroInputs(x, xo, inputs, nonZero));
  }

  /** Writes the indices of the non-zero inputs of the row at {@code xo} into {@code nonZero}; returns their count. */
  static int nonZeroInputs(float[] x, int xo, int inputs, int[] nonZero) {
    int count = 0;
    for (int i = 0; i < inputs; i++) {
      if (x[xo + i] != 0f) {
        nonZero[count++] = i;
      }
    }
    return count;
  }

  /**
   * One row into {@code out} from {@code outOffset}, without the activation, given the row's
   * {@code count} non-zero inputs ({@link #nonZeroInputs}); {@code y} is a work array of at least
   * {@code outputs} floats.
   */
  void row(float[] x, int xo, float[] out, int outOffset, float[] y, int[] nonZero, int count) {
    oneRow(x, xo, y, nonZero, count);
    System.arraycopy(y, 0, out, outOffset, outputs);
  }

  private void oneRow(float[] x, int xo, float[] y, int[] nonZero, int count) {
    final int n = outputs;
    final float[][] w = columns;
    System.arraycopy(bias, 0, y, 0, n);
    int j = 0;
    for (; j + 4 <= count; j += 4) {
      int i0 = nonZero[j];
      int i1 = nonZero[j + 1];
      int i2 = nonZero[j + 2];
      int i3 = nonZero[j + 3];
      Axpy.four(y, w[i0], w[i1], w[i2], w[i3], x[xo + i0], x[xo + i1], x[xo + i2], x[xo + i3], n);
    }
    for (; j < count; j++) {
      Axpy.one(y, w[nonZero[j]], x[xo + nonZero[j]], n);
    }
  }

  /** Stores the weights as non-zeros when that is smaller (a pruned layer), else all of them. */
  @Override
  void writeFields(TpmWriter out) {
    out.u32(outputs);
    out.activation(activation);
    float[] weights = new float[inputs * outputs];
    for (int i = 0; i < inputs; i++) {
      for (int o = 0; o < outputs; o++) {
        weights[o * inputs + i] = columns[i][o];
      }
    }
    long nonZero = countNonZero(weights);
    boolean compact = (long) inputs * outputs <= COMPACT_LIMIT && Csc.smaller(nonZero, inputs, outputs);
    out.u32(compact ? 1 : 0);
    if (compact) {
      Csc.of(weights, inputs, outputs).write(out);
    } else {
      out.floats(weights);
    }
    out.floats(java.util.Arrays.copyOf(bias, outputs));
  }

  /** The weights {@code [out][in]} row-major (a copy), for tools that transform models. */
  float[] weightsRowMajor() {
    float[] weights = new float[inputs * outputs];
    for (int i = 0; i < inputs; i++) {
      for (int o = 0; o < outputs; o++) {
        weights[o * inputs + i] = columns[i][o];
      }
    }
    return weights;
  }

  /** The bias (a copy, without padding). */
  float[] bias() {
    return java.util.Arrays.copyOf(bias, outputs);
  }

  /** The activation applied to the outputs. */
  Activation activation() {
    return activation;
  }
}
