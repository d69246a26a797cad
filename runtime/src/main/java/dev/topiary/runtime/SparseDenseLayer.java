package dev.topiary.runtime;

/**
 * A fully connected layer whose fp32 weights skip zeros: compressed sparse columns (for each input,
 * the outputs it feeds and the weights). The forward pass skips inputs that are zero (a ReLU's
 * output often is) and adds each remaining input's column into the output row.
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

  /** A layer from dense weights {@code [out][in]} row-major; zeros are dropped. */
  SparseDenseLayer(String name, int[] inputShape, int outputs, float[] weights, float[] bias, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = DenseLayer.checkShapes(inputShape, outputs, weights, bias, activation);
    this.outputs = outputs;
    this.bias = bias.clone();
    this.activation = activation;
    int nonZero = (int) countNonZero(weights);
    columnStart = new int[inputs + 1];
    rowIndex = new int[nonZero];
    values = new float[nonZero];
    int k = 0;
    for (int i = 0; i < inputs; i++) {
      columnStart[i] = k;
      for (int o = 0; o < outputs; o++) {
        float v = weights[o * inputs + i];
        if (v != 0f) {
          rowIndex[k] = o;
          values[k++] = v;
        }
      }
    }
    columnStart[inputs] = k;
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
  }

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    int inputs = shape[0];
    float[] bias = in.floats("bias", outputs);
    int at = in.position();
    int[] start = in.ints("columnStart", inputs + 1L);
    if (start[0] != 0) {
      throw in.error("columnStart", at, "must start at 0, got " + start[0]);
    }
    for (int i = 0; i < inputs; i++) {
      if (start[i + 1] < start[i]) {
        throw in.error("columnStart", at, "must not decrease, but entry " + (i + 1) + " is " + start[i + 1]
            + " after " + start[i]);
      }
    }
    int nonZero = start[inputs];
    if ((long) nonZero > (long) inputs * outputs) {
      throw in.error("columnStart", at, nonZero + " non-zeros exceed the " + ((long) inputs * outputs)
          + " weights of dense " + inputs + "->" + outputs);
    }
    at = in.position();
    int[] rows = in.ints("rowIndex", nonZero);
    for (int k = 0; k < nonZero; k++) {
      if (rows[k] < 0 || rows[k] >= outputs) {
        throw in.error("rowIndex", at, "entry " + k + " is " + rows[k] + ", outside [0, " + outputs + ")");
      }
    }
    float[] values = in.floats("values", nonZero);
    return new SparseDenseLayer(name, shape, outputs, start, rows, values, bias, activation);
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
    float[] y = scratch.work(outputs);
    for (int r = 0; r < rows; r++) {
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
    out.ints(columnStart);
    out.ints(rowIndex);
    out.floats(values);
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
