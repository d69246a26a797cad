package dev.topiary.runtime;

/**
 * A weight matrix {@code [out][in]} in compressed sparse columns: the non-zeros of input {@code i}
 * are {@code columnStart[i] .. columnStart[i + 1]}, with their output in {@code rowIndex} and their
 * value in {@code values}. Sparse kernels run on it, and sparse layers are stored in it.
 */
record Csc(int inputs, int outputs, int[] columnStart, int[] rowIndex, float[] values) {

  /** The non-zeros of a dense {@code [out][in]} row-major matrix. */
  static Csc of(float[] weights, int inputs, int outputs) {
    int nonZero = (int) Layer.countNonZero(weights);
    int[] start = new int[inputs + 1];
    int[] rows = new int[nonZero];
    float[] values = new float[nonZero];
    int k = 0;
    for (int i = 0; i < inputs; i++) {
      start[i] = k;
      for (int o = 0; o < outputs; o++) {
        float v = weights[o * inputs + i];
        if (v != 0f) {
          rows[k] = o;
          values[k++] = v;
        }
      }
    }
    start[inputs] = k;
    return new Csc(inputs, outputs, start, rows, values);
  }

  /** True if storing the non-zeros takes fewer bytes than storing every weight. */
  static boolean smaller(long nonZero, int inputs, int outputs) {
    return nonZero * 8 + (inputs + 1L) * 4 < (long) inputs * outputs * 4;
  }

  /** The dense {@code [out][in]} row-major matrix. */
  float[] toDense() {
    float[] weights = new float[inputs * outputs];
    for (int i = 0; i < inputs; i++) {
      for (int k = columnStart[i]; k < columnStart[i + 1]; k++) {
        weights[rowIndex[k] * inputs + i] = values[k];
      }
    }
    return weights;
  }

  void write(TpmWriter out) {
    out.ints(columnStart);
    out.ints(rowIndex);
    out.floats(values);
  }

  /** Reads and validates the three tensors of an {@code inputs → outputs} matrix. */
  static Csc read(TpmReader in, int inputs, int outputs) throws ModelFormatException {
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
    return new Csc(inputs, outputs, start, rows, values);
  }
}
