package dev.topiary.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense kernels on the JDK's Vector API, loaded only when {@link VectorSupport#AVAILABLE}: four rows
 * at a time with 4 × 2 accumulator vectors in registers, so each weight vector is loaded once for
 * four rows (plain loops reload and store the outputs at every input). Weight columns are padded
 * to a multiple of {@link #BLOCK} floats.
 */
final class VectorDense {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Outputs per register block: two vectors. */
  static final int BLOCK = 2 * SPECIES.length();

  private VectorDense() {}

  /** The output count rounded up to whole blocks. */
  static int padded(int outputs) {
    return (outputs + BLOCK - 1) / BLOCK * BLOCK;
  }

  /**
   * Rows {@code r..r+3} of {@code x} (from {@code xo}, {@code inputs} apart) times the weights
   * plus the bias, into {@code y} ({@code 4 × padded} floats, row {@code k} from {@code k × padded}).
   */
  static void fourRows(float[] x, int xo, int inputs, float[][] columns, float[] bias, float[] y, int padded) {
    final int l = SPECIES.length();
    final int x1 = xo + inputs;
    final int x2 = x1 + inputs;
    final int x3 = x2 + inputs;
    for (int o = 0; o < padded; o += 2 * l) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, bias, o);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bias, o + l);
      FloatVector a0 = b0;
      FloatVector a1 = b1;
      FloatVector c0 = b0;
      FloatVector c1 = b1;
      FloatVector d0 = b0;
      FloatVector d1 = b1;
      FloatVector e0 = b0;
      FloatVector e1 = b1;
      for (int i = 0; i < inputs; i++) {
        float[] column = columns[i];
        FloatVector w0 = FloatVector.fromArray(SPECIES, column, o);
        FloatVector w1 = FloatVector.fromArray(SPECIES, column, o + l);
        FloatVector xa = FloatVector.broadcast(SPECIES, x[xo + i]);
        FloatVector xb = FloatVector.broadcast(SPECIES, x[x1 + i]);
        FloatVector xc = FloatVector.broadcast(SPECIES, x[x2 + i]);
        FloatVector xd = FloatVector.broadcast(SPECIES, x[x3 + i]);
        a0 = w0.fma(xa, a0);
        a1 = w1.fma(xa, a1);
        c0 = w0.fma(xb, c0);
        c1 = w1.fma(xb, c1);
        d0 = w0.fma(xc, d0);
        d1 = w1.fma(xc, d1);
        e0 = w0.fma(xd, e0);
        e1 = w1.fma(xd, e1);
      }
      a0.intoArray(y, o);
      a1.intoArray(y, o + l);
      c0.intoArray(y, padded + o);
      c1.intoArray(y, padded + o + l);
      d0.intoArray(y, 2 * padded + o);
      d1.intoArray(y, 2 * padded + o + l);
      e0.intoArray(y, 3 * padded + o);
      e1.intoArray(y, 3 * padded + o + l);
    }
  }

  /** Runs {@link #fourRows} on a small fixed problem and compares with plain arithmetic. */
  static boolean selfTest() {
    int inputs = 3;
    int outputs = 5;
    int padded = padded(outputs);
    float[][] columns = new float[inputs][padded];
    float[] bias = new float[padded];
    float[] x = new float[4 * inputs];
    for (int i = 0; i < inputs; i++) {
      for (int o = 0; o < outputs; o++) {
        columns[i][o] = i - o * 0.5f;
      }
    }
    for (int o = 0; o < outputs; o++) {
      bias[o] = o;
    }
    for (int k = 0; k < x.length; k++) {
      x[k] = k * 0.25f;
    }
    float[] y = new float[4 * padded];
    fourRows(x, 0, inputs, columns, bias, y, padded);
    for (int r = 0; r < 4; r++) {
      for (int o = 0; o < outputs; o++) {
        float expected = bias[o];
        for (int i = 0; i < inputs; i++) {
          expected += x[r * inputs + i] * columns[i][o];
        }
        if (Math.abs(y[r * padded + o] - expected) > 1e-5f) {
          return false;
        }
      }
    }
    return true;
  }
}
