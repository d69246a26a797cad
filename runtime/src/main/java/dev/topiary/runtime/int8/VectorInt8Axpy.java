package dev.topiary.runtime.int8;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link Int8Axpy}; loaded only when the {@code jdk.incubator.vector}
 * module is present.
 */
final class VectorInt8Axpy {

  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
      VectorShape.forBitSize(INTS.length() * 8));

  private VectorInt8Axpy() {}

  /** True if this CPU has int vectors of at least 8 lanes (AVX2 or wider). */
  static boolean available() {
    return INTS.length() >= 8;
  }

  static void addFourColumns(byte[] t, int w0, int w1, int w2, int w3, int n, int d0, int d1, int d2, int d3,
      int[] acc, int accOffset) {
    int lanes = INTS.length();
    int o = 0;
    for (; o + lanes <= n; o += lanes) {
      IntVector sum = IntVector.fromArray(INTS, acc, accOffset + o);
      sum = sum.add(widen(t, w0 + o).mul(d0));
      sum = sum.add(widen(t, w1 + o).mul(d1));
      sum = sum.add(widen(t, w2 + o).mul(d2));
      sum = sum.add(widen(t, w3 + o).mul(d3));
      sum.intoArray(acc, accOffset + o);
    }
    for (; o < n; o++) {
      acc[accOffset + o] += t[w0 + o] * d0 + t[w1 + o] * d1 + t[w2 + o] * d2 + t[w3 + o] * d3;
    }
  }

  private static IntVector widen(byte[] t, int offset) {
    return (IntVector) ByteVector.fromArray(BYTES, t, offset).convertShape(VectorOperators.B2I, INTS, 0);
  }
}
