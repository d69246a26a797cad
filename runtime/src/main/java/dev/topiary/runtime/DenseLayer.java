package dev.topiary.runtime;

/**
 * A fully connected layer with dense fp32 weights, {@code y = act(W x + b)}. The weights are kept
 * transposed ({@code [in][out]}) so that both kernels are unit-stride updates of the output row
 * that the JIT vectorises: one row at a time (batch 1) adds four input columns per pass; batches
 * take four rows at a time, so each weight is loaded once per four rows.
 */
final class DenseLayer extends Layer {

  static final String TYPE = "dense";

  private final int inputs;
  private final int outputs;
  /** Weights transposed, {@code [in][out]}. */
  private final float[] transposed;
  private final float[] bias;
  private final Activation activation;

  /** A layer from weights {@code [out][in]} row-major. */
  DenseLayer(String name, int[] inputShape, int outputs, float[] weights, float[] bias, Activation activation) {
    super(name, inputShape, new int[] {outputs});
    this.inputs = checkShapes(inputShape, outputs, weights, bias, activation);
    this.outputs = outputs;
    this.transposed = transpose(weights, outputs, inputs);
    this.bias = bias.clone();
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

  static float[] transpose(float[] matrix, int rows, int columns) {
    float[] t = new float[matrix.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        t[c * rows + r] = matrix[r * columns + c];
      }
    }
    return t;
  }

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int outputs = in.count("outputs", 1, Layer.MAX_VALUES);
    Activation activation = in.activation("activation");
    if (shape.length != 1) {
      throw new IllegalArgumentException("dense needs a flat input, got shape " + Layer.shapeText(shape));
    }
    float[] weights = in.floats("weights", (long) shape[0] * outputs);
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
    return transposed.length + (long) bias.length;
  }

  @Override
  long nonZeroCount() {
    return countNonZero(transposed) + countNonZero(bias);
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, float[] work) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      fourRows(in, inOffset + r * inputs, out, outOffset + r * outputs);
    }
    for (; r < rows; r++) {
      oneRow(in, inOffset + r * inputs, out, outOffset + r * outputs);
    }
    activation.apply(out, outOffset, rows * outputs, outputs);
  }

  private void oneRow(float[] x, int xo, float[] y, int yo) {
    final int n = outputs;
    final float[] w = transposed;
    System.arraycopy(bias, 0, y, yo, n);
    int i = 0;
    for (; i + 4 <= inputs; i += 4) {
      float x0 = x[xo + i];
      float x1 = x[xo + i + 1];
      float x2 = x[xo + i + 2];
      float x3 = x[xo + i + 3];
      if (x0 == 0f && x1 == 0f && x2 == 0f && x3 == 0f) {
        continue;
      }
      int w0 = i * n;
      int w1 = w0 + n;
      int w2 = w1 + n;
      int w3 = w2 + n;
      for (int o = 0; o < n; o++) {
        y[yo + o] += x0 * w[w0 + o] + x1 * w[w1 + o] + x2 * w[w2 + o] + x3 * w[w3 + o];
      }
    }
    for (; i < inputs; i++) {
      float x0 = x[xo + i];
      if (x0 == 0f) {
        continue;
      }
      int w0 = i * n;
      for (int o = 0; o < n; o++) {
        y[yo + o] += x0 * w[w0 + o];
      }
    }
  }

  private void fourRows(float[] x, int xo, float[] y, int yo) {
    final int n = outputs;
    final int m = inputs;
    final float[] w = transposed;
    int y0 = yo;
    int y1 = yo + n;
    int y2 = y1 + n;
    int y3 = y2 + n;
    System.arraycopy(bias, 0, y, y0, n);
    System.arraycopy(bias, 0, y, y1, n);
    System.arraycopy(bias, 0, y, y2, n);
    System.arraycopy(bias, 0, y, y3, n);
    int x0 = xo;
    int x1 = xo + m;
    int x2 = x1 + m;
    int x3 = x2 + m;
    int i = 0;
    for (; i + 2 <= m; i += 2) {
      float a0 = x[x0 + i];
      float a1 = x[x1 + i];
      float a2 = x[x2 + i];
      float a3 = x[x3 + i];
      float b0 = x[x0 + i + 1];
      float b1 = x[x1 + i + 1];
      float b2 = x[x2 + i + 1];
      float b3 = x[x3 + i + 1];
      int wa = i * n;
      int wb = wa + n;
      for (int o = 0; o < n; o++) {
        float va = w[wa + o];
        float vb = w[wb + o];
        y[y0 + o] += a0 * va + b0 * vb;
        y[y1 + o] += a1 * va + b1 * vb;
        y[y2 + o] += a2 * va + b2 * vb;
        y[y3 + o] += a3 * va + b3 * vb;
      }
    }
    for (; i < m; i++) {
      float a0 = x[x0 + i];
      float a1 = x[x1 + i];
      float a2 = x[x2 + i];
      float a3 = x[x3 + i];
      int wa = i * n;
      for (int o = 0; o < n; o++) {
        float va = w[wa + o];
        y[y0 + o] += a0 * va;
        y[y1 + o] += a1 * va;
        y[y2 + o] += a2 * va;
        y[y3 + o] += a3 * va;
      }
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.u32(outputs);
    out.activation(activation);
    out.floats(transpose(transposed, inputs, outputs));
    out.floats(bias);
  }

  /** The weights {@code [out][in]} row-major (a copy), for tools that transform models. */
  float[] weightsRowMajor() {
    return transpose(transposed, inputs, outputs);
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
