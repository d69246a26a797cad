package dev.topiary.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sparse fp32 kernel on the JDK's Vector API, loaded only when {@link VectorSupport#AVAILABLE}:
 * a row times a {@link SlicedEll} matrix, one vector of outputs per slice, each step a gather of
 * the inputs its lanes need (C2 compiles it to one AVX2/AVX-512 gather instruction) and a fused
 * multiply-add; four accumulators hide the multiply-add latency.
 */
final class VectorSparse {

  static final VectorSpecies<Float> SPECIES = VectorDense.SPECIES;

  private VectorSparse() {}

  /** The slice width the kernel needs: the vector length. */
  static int width() {
    return SPECIES.length();
  }

  /**
   * {@code y[yo + o] = b[o] + Σ W[o][i] x[xo + i]} for every output, through {@code work} (at least
   * {@code slices × width} floats).
   */
  static void row(float[] x, int xo, SlicedEll m, float[] work, float[] y, int yo) {
    final int l = SPECIES.length();
    final int[] start = m.sliceStart();
    final int[] index = m.index();
    final float[] values = m.values();
    final float[] bias = m.bias();
    final int slices = start.length - 1;
    for (int s = 0; s < slices; s++) {
      FloatVector a = FloatVector.fromArray(SPECIES, bias, s * l);
      FloatVector b = FloatVector.zero(SPECIES);
      FloatVector c = FloatVector.zero(SPECIES);
      FloatVector d = FloatVector.zero(SPECIES);
      int p = start[s];
      final int end = start[s + 1];
      for (; p + 4 * l <= end; p += 4 * l) {
        a = FloatVector.fromArray(SPECIES, x, xo, index, p).fma(FloatVector.fromArray(SPECIES, values, p), a);
        b = FloatVector.fromArray(SPECIES, x, xo, index, p + l)
            .fma(FloatVector.fromArray(SPECIES, values, p + l), b);
        c = FloatVector.fromArray(SPECIES, x, xo, index, p + 2 * l)
            .fma(FloatVector.fromArray(SPECIES, values, p + 2 * l), c);
        d = FloatVector.fromArray(SPECIES, x, xo, index, p + 3 * l)
            .fma(FloatVector.fromArray(SPECIES, values, p + 3 * l), d);
      }
      for (; p < end; p += l) {
        a = FloatVector.fromArray(SPECIES, x, xo, index, p).fma(FloatVector.fromArray(SPECIES, values, p), a);
      }
      a.add(b).add(c.add(d)).intoArray(work, s * l);
    }
    final int[] order = m.order();
    for (int k = 0, n = m.outputs(); k < n; k++) {
      y[yo + order[k]] = work[k];
    }
  }
}
