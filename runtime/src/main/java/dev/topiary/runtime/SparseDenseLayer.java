package dev.topiary.runtime;

/**
 * A fully connected layer whose fp32 weights skip zeros, stored as compressed sparse columns (for
 * each input, the outputs it feeds and the weights).
 *
 * <p>With the Vector API, batches of four rows or more run on the dense Vector API kernel over the
 * same weights (zeros included), which loads each weight once per four rows. The other rows run on
 * {@link VectorSparse} over a {@link SlicedEll} copy (gathers, one vector of outputs at a time),
 * unless the row has so few non-zero inputs that the dense copy's columns of just those inputs cost
 * less ({@link #DENSE_PER_GATHERED}). Without the Vector API the plain loop skips zero inputs (a
 * ReLU's output often is) and adds each remaining input's column into the output row; scattered
 * updates do not vectorise, so it costs about 0.65 ns per non-zero.
 */
final class SparseDenseLayer extends Layer {

  static final String TYPE = DenseLayer.TYPE;

  private final int inputs;
  private final int outputs;
  /** {@code columnStart[i] .. columnStart[i + 1]} index the non-zeros of input {@code i}. */
  private final int[] columnStart;
  private final int[] rowIndex;
  private final float[] values;
  private final float[] bias;
  private final Activation activation;
  /**
   * The same weights on the dense kernel, for blocks of four rows with the Vector API; null without
   * it or above {@link #BLOCK_LIMIT} weights (a file's claim of a huge, nearly empty layer must not
   * make the loader allocate the dense matrix).
   */
  private final DenseLayer blocks;
  /** The same weights sliced for the Vector API row kernel; null without it. */
  private final SlicedEll sliced;
  /**
   * How many dense multiply-adds cost as much as one gathered non-zero, about: a row whose non-zero
   * inputs times the outputs are fewer than this many times the non-zeros runs on the dense copy's
   * columns of just those inputs (a ReLU's output is often half zeros, and a layer a quarter
   * non-zero then costs less dense). Measured on the 784-300-150-10 MLP at 90 % sparsity (AVX-512).
   */
  static final int DENSE_PER_GATHERED = 3;
  /** The most weights a layer may have for its dense copy. */
  static final long BLOCK_LIMIT = 1L << 22;

  /** A layer from dense weights {@code [out][in]} row-major; zeros are dropped. */
  SparseDenseLayer(String name, int[] inputShape, int outputs, float[] weights, float[] bias, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = DenseLayer.checkShapes(inputShape, outputs, weights, bias, activation);
    this.outputs = outputs;
    this.bias = bias.clone();
    this.activation = activation;
    Csc csc = Csc.of(weights, inputs, outputs);
    columnStart = csc.columnStart();
    rowIndex = csc.rowIndex();
    values = csc.values();
    this.sliced = VectorSupport.AVAILABLE ? SlicedEll.of(csc, bias, VectorSparse.width()) : null;
    this.blocks = VectorSupport.AVAILABLE && weights.length <= BLOCK_LIMIT
        ? new DenseLayer(name, inputShape, outputs, weights, bias, activation) : null;
  }

  private SparseDenseLayer(String name, int[] inputShape, int outputs, int[] columnStart, int[] rowIndex,
      float[] values, float[] bias, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = inputShape[0];
    this.outputs = outputs;
    this.columnStart = columnStart;
    this.rowIndex = rowIndex;
    this.values = values;
    this.bias = bias;
    this.activation = activation;
    this.sliced = VectorSupport.AVAILABLE
        ? SlicedEll.of(new Csc(inputs, outputs, columnStart, rowIndex, values), bias, VectorSparse.width()) : null;
    this.blocks = VectorSupport.AVAILABLE && (long) inputs * outputs <= BLOCK_LIMIT
        ? new DenseLayer(name, inputShape, outputs, dense(), bias, activation) : null;
  }

  /** The weights as a dense {@code [out][in]} matrix. */
  private float[] dense() {
    return new Csc(inputs, outputs, columnStart, rowIndex, values).toDense();
  }

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    int inputs = shape[0];
    float[] bias = in.floats("bias", outputs);
    Csc csc = Csc.read(in, inputs, outputs);
    return new SparseDenseLayer(name, shape, outputs, csc.columnStart(), csc.rowIndex(), csc.values(), bias,
        activation);
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  KernelKind kernel() {
    return KernelKind.SPARSE;
  }

  @Override
  long parameterCount() {
    return (long) inputs * outputs + bias.length;
  }

  @Override
  long nonZeroCount() {
    return countNonZero(values) + countNonZero(bias);
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    final int[] start = columnStart;
    final int[] index = rowIndex;
    final float[] v = values;
    int first = blocks == null ? 0 : blocks.forwardBlocks(in, inOffset, out, outOffset, rows, scratch);
    if (sliced != null) {
      float[] work = scratch.work(Math.max(sliced.bias().length, outputs));
      int[] nonZero = scratch.indices(inputs);
      long gathered = (long) values.length * DENSE_PER_GATHERED;
      for (int r = first; r < rows; r++) {
        int xo = inOffset + r * inputs;
        int active = blocks == null ? inputs : DenseLayer.nonZeroInputs(in, xo, inputs, nonZero);
        if (blocks != null && (long) active * outputs < gathered) {
          blocks.row(in, xo, out, outOffset + r * outputs, work, nonZero, active);
        } else {
          VectorSparse.row(in, xo, sliced, work, out, outOffset + r * outputs);
        }
      }
      activation.apply(out, outOffset, rows * outputs, outputs);
      return;
    }
    float[] y = scratch.work(outputs);
    for (int r = first; r < rows; r++) {
      int xo = inOffset + r * inputs;
      System.arraycopy(bias, 0, y, 0, outputs);
      for (int i = 0; i < inputs; i++) {
        float x = in[xo + i];
        if (x == 0f) {
          continue;
        }
        for (int k = start[i], end = start[i + 1]; k < end; k++) {
          y[index[k]] += x * v[k];
        }
      }
      System.arraycopy(y, 0, out, outOffset + r * outputs, outputs);
    }
    activation.apply(out, outOffset, rows * outputs, outputs);
  }

  @Override
  void writeFields(TpmWriter out) {
    out.u32(outputs);
    out.activation(activation);
    out.floats(bias);
    new Csc(inputs, outputs, columnStart, rowIndex, values).write(out);
  }

  /** The weights {@code [out][in]} row-major with the zeros restored (a copy), for tools that transform models. */
  float[] weightsRowMajor() {
    float[] weights = new float[inputs * outputs];
    for (int i = 0; i < inputs; i++) {
      for (int k = columnStart[i]; k < columnStart[i + 1]; k++) {
        weights[rowIndex[k] * inputs + i] = values[k];
      }
    }
    return weights;
  }

  /** The bias (a copy). */
  float[] bias() {
    return bias.clone();
  }

  /** The activation applied to the outputs. */
  Activation activation() {
    return activation;
  }
}
