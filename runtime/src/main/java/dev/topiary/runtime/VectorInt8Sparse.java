package dev.topiary.runtime;

import dev.topiary.runtime.int8.Int8Fma;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sparse int8 kernel on the JDK's Vector API, loaded only when {@link VectorSupport#AVAILABLE}
 * and {@link Int8Fma#vectorized()}: {@link VectorSparse}'s sliced layout ({@link SlicedEll}) with
 * int8 values, one vector of outputs per slice, each step a gather of the centred inputs its lanes
 * need and a fused multiply-add with the int8 weights widened to float. As in {@link Int8Fma}, the
 * float partial sums take at most {@link Int8Fma#BLOCK} products per lane and are exact; each is
 * added to int32 accumulators through its bit pattern.
 */
final class VectorInt8Sparse {

  static final VectorSpecies<Float> SPECIES = VectorDense.SPECIES;
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
      VectorShape.forBitSize(SPECIES.length() * 8));

  private VectorInt8Sparse() {}

  /** The slice width the kernel needs: the vector length. */
  static int width() {
    return SPECIES.length();
  }

  /** The int8 values of {@code m} (whose float values hold int8 codes). */
  static byte[] codes(SlicedEll m) {
    float[] values = m.values();
    byte[] codes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = (byte) values[i];
    }
    return codes;
  }

  private static FloatVector widen(byte[] codes, int offset) {
    return (FloatVector) ByteVector.fromArray(BYTES, codes, offset).convertShape(VectorOperators.B2F, SPECIES, 0);
  }

  /**
   * {@code acc[accOffset + o] = Σ_i W[o][i]·d[dOffset + i]} for every output of {@code m} ({@code d}
   * centred codes, integers in {@code [-255, 255]}), through {@code work} (at least {@code slices ×
   * width} ints).
   */
  static void row(float[] d, int dOffset, SlicedEll m, byte[] codes, int[] work, int[] acc, int accOffset) {
    final int l = SPECIES.length();
    final int[] start = m.sliceStart();
    final int[] index = m.index();
    final int slices = start.length - 1;
    for (int s = 0; s < slices; s++) {
      IntVector sum = IntVector.zero(INTS);
      int p = start[s];
      final int end = start[s + 1];
      while (p < end) {
        // a block: at most BLOCK steps, so at most BLOCK products per lane in the four float sums
        final int blockEnd = Math.min(end, p + Int8Fma.BLOCK * l);
        FloatVector a = FloatVector.zero(SPECIES);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector e = a;
        for (; p + 4 * l <= blockEnd; p += 4 * l) {
          a = FloatVector.fromArray(SPECIES, d, dOffset, index, p).fma(widen(codes, p), a);
          b = FloatVector.fromArray(SPECIES, d, dOffset, index, p + l).fma(widen(codes, p + l), b);
          c = FloatVector.fromArray(SPECIES, d, dOffset, index, p + 2 * l).fma(widen(codes, p + 2 * l), c);
          e = FloatVector.fromArray(SPECIES, d, dOffset, index, p + 3 * l).fma(widen(codes, p + 3 * l), e);
        }
        for (; p < blockEnd; p += l) {
          a = FloatVector.fromArray(SPECIES, d, dOffset, index, p).fma(widen(codes, p), a);
        }
        // the exact integer sum (below 2^22) read from the float's bits after adding 1.5·2^23: JDK 17
        // does not compile the Vector API's float-to-int conversion to a vector instruction
        sum = sum.add(a.add(b).add(c.add(e)).add(12582912f).reinterpretAsInts().sub(0x4B400000));
      }
      sum.intoArray(work, s * l);
    }
    final int[] order = m.order();
    for (int k = 0, n = m.outputs(); k < n; k++) {
      acc[accOffset + order[k]] = work[k];
    }
  }
}
