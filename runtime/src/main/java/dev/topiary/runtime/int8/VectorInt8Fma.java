package dev.topiary.runtime.int8;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link Int8Fma}; loaded only when the {@code jdk.incubator.vector} module
 * is present. Int8 weights are widened to float lanes ({@code B2F}: one sign extension and one
 * conversion per vector), multiplied and added on the fused multiply-add units in float partial
 * sums of at most {@link Int8Fma#BLOCK} products, which are exact, and each partial sum is added to
 * the int32 accumulators as an integer (through its bit pattern, see {@link #add}).
 */
final class VectorInt8Fma {

  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class,
      VectorShape.forBitSize(FLOATS.length() * 8));
  /** Lanes per float vector (16 with AVX-512). */
  static final int LANES = FLOATS.length();

  private VectorInt8Fma() {}

  /** True if this CPU has float vectors of at least 8 lanes (AVX2 or wider). */
  static boolean available() {
    return LANES >= 8;
  }

  private static FloatVector widen(byte[] t, int offset) {
    return (FloatVector) ByteVector.fromArray(BYTES, t, offset).convertShape(VectorOperators.B2F, FLOATS, 0);
  }

  /** 1.5·2²³: an integer-valued float of magnitude below 2²² plus this has the integer in its low bits. */
  private static final float MAGIC = 12582912f;
  /** The bit pattern of {@link #MAGIC}. */
  private static final int MAGIC_BITS = 0x4B400000;

  /**
   * {@code acc + (int) exact} for an integer-valued {@code exact} of magnitude below 2²²: through the
   * float's bit pattern ({@code bits(exact + 1.5·2²³) − bits(1.5·2²³)}), because JDK 17 does not
   * compile the Vector API's float-to-int conversion to a vector instruction.
   */
  static IntVector add(IntVector acc, FloatVector exact) {
    return acc.add(exact.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS));
  }

  /**
   * {@code out[outOffset + i] = rint(clamp(x[xOffset + i]·inverse, low, high)) + shift} for the
   * whole vectors of {@code count} values (NaN becomes {@code shift}); returns how many values it
   * wrote. Exact as {@link Int8Activations#quantizeCentred}'s loop: the same float operations.
   */
  static int quantize(float[] x, int xOffset, int count, float inverse, float low, float high, float shift,
      float[] out, int outOffset) {
    final int l = LANES;
    final float rounding = 12582912f;
    int i = 0;
    for (; i + l <= count; i += l) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, xOffset + i).mul(inverse);
      v = v.blend(0f, v.compare(VectorOperators.NE, v));
      v = v.max(low).min(high).add(rounding).sub(rounding).add(shift);
      v.intoArray(out, outOffset + i);
    }
    return i;
  }

  /** See {@link Int8Fma#gemvColumns}; {@code padded} is a multiple of {@link #LANES}. */
  static void gemvColumns(byte[] t, int stride, int padded, float[] d, int dOffset, int[] nonZero, int count,
      float[] work, int[] acc, int accOffset) {
    final int l = LANES;
    java.util.Arrays.fill(acc, accOffset, accOffset + padded, 0);
    int j = 0;
    while (j < count) {
      int end = Math.min(count, j + Int8Fma.BLOCK);
      java.util.Arrays.fill(work, 0, padded, 0f);
      for (; j + 4 <= end; j += 4) {
        int i0 = nonZero[j];
        int i1 = nonZero[j + 1];
        int i2 = nonZero[j + 2];
        int i3 = nonZero[j + 3];
        FloatVector v0 = FloatVector.broadcast(FLOATS, d[dOffset + i0]);
        FloatVector v1 = FloatVector.broadcast(FLOATS, d[dOffset + i1]);
        FloatVector v2 = FloatVector.broadcast(FLOATS, d[dOffset + i2]);
        FloatVector v3 = FloatVector.broadcast(FLOATS, d[dOffset + i3]);
        int w0 = i0 * stride;
        int w1 = i1 * stride;
        int w2 = i2 * stride;
        int w3 = i3 * stride;
        for (int o = 0; o < padded; o += l) {
          FloatVector s = FloatVector.fromArray(FLOATS, work, o);
          s = widen(t, w0 + o).fma(v0, s);
          s = widen(t, w1 + o).fma(v1, s);
          s = widen(t, w2 + o).fma(v2, s);
          s = widen(t, w3 + o).fma(v3, s);
          s.intoArray(work, o);
        }
      }
      for (; j < end; j++) {
        int i = nonZero[j];
        FloatVector v = FloatVector.broadcast(FLOATS, d[dOffset + i]);
        int w = i * stride;
        for (int o = 0; o < padded; o += l) {
          widen(t, w + o).fma(v, FloatVector.fromArray(FLOATS, work, o)).intoArray(work, o);
        }
      }
      for (int o = 0; o < padded; o += l) {
        add(IntVector.fromArray(INTS, acc, accOffset + o), FloatVector.fromArray(FLOATS, work, o))
            .intoArray(acc, accOffset + o);
      }
    }
  }

  /** See {@link Int8Fma#fourRows(float[], int, int, byte[], int, int[], int)}; {@code stride} a multiple of 2 × {@link #LANES}. */
  static void fourRows(float[] x, int xo, int k, byte[] t, int stride, int[] acc, int accOffset) {
    final int l = LANES;
    final int x1 = xo + k;
    final int x2 = x1 + k;
    final int x3 = x2 + k;
    for (int o = 0; o < stride; o += 2 * l) {
      IntVector ia0 = IntVector.zero(INTS);
      IntVector ia1 = ia0;
      IntVector ib0 = ia0;
      IntVector ib1 = ia0;
      IntVector ic0 = ia0;
      IntVector ic1 = ia0;
      IntVector id0 = ia0;
      IntVector id1 = ia0;
      for (int start = 0; start < k; start += Int8Fma.BLOCK) {
        int end = Math.min(k, start + Int8Fma.BLOCK);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        for (int i = start; i < end; i++) {
          int w = i * stride + o;
          FloatVector w0 = widen(t, w);
          FloatVector w1 = widen(t, w + l);
          FloatVector xa = FloatVector.broadcast(FLOATS, x[xo + i]);
          FloatVector xb = FloatVector.broadcast(FLOATS, x[x1 + i]);
          FloatVector xc = FloatVector.broadcast(FLOATS, x[x2 + i]);
          FloatVector xd = FloatVector.broadcast(FLOATS, x[x3 + i]);
          a0 = w0.fma(xa, a0);
          a1 = w1.fma(xa, a1);
          b0 = w0.fma(xb, b0);
          b1 = w1.fma(xb, b1);
          c0 = w0.fma(xc, c0);
          c1 = w1.fma(xc, c1);
          e0 = w0.fma(xd, e0);
          e1 = w1.fma(xd, e1);
        }
        ia0 = add(ia0, a0);
        ia1 = add(ia1, a1);
        ib0 = add(ib0, b0);
        ib1 = add(ib1, b1);
        ic0 = add(ic0, c0);
        ic1 = add(ic1, c1);
        id0 = add(id0, e0);
        id1 = add(id1, e1);
      }
      int r = accOffset + o;
      ia0.intoArray(acc, r);
      ia1.intoArray(acc, r + l);
      ib0.intoArray(acc, r + stride);
      ib1.intoArray(acc, r + stride + l);
      ic0.intoArray(acc, r + 2 * stride);
      ic1.intoArray(acc, r + 2 * stride + l);
      id0.intoArray(acc, r + 3 * stride);
      id1.intoArray(acc, r + 3 * stride + l);
    }
  }

  /**
   * Eight rows at once, {@code acc[accOffset + q·stride + o] = Σ_i x[xo + q·k + i]·t[i·stride + o]}
   * for {@code q < 8}: sixteen float accumulators in registers, so that each widened weight vector
   * serves eight rows (half the widening per multiply-add of {@link #fourRows}); the int32
   * accumulators stay in {@code acc} and take each block's sums.
   */
  static void eightRows(float[] x, int xo, int k, byte[] t, int stride, int[] acc, int accOffset) {
    final int l = LANES;
    final int x1 = xo + k;
    final int x2 = x1 + k;
    final int x3 = x2 + k;
    final int x4 = x3 + k;
    final int x5 = x4 + k;
    final int x6 = x5 + k;
    final int x7 = x6 + k;
    for (int o = 0; o < stride; o += 2 * l) {
      for (int start = 0; start < k; start += Int8Fma.BLOCK) {
        int end = Math.min(k, start + Int8Fma.BLOCK);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector d0 = a0;
        FloatVector d1 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        FloatVector f0 = a0;
        FloatVector f1 = a0;
        FloatVector g0 = a0;
        FloatVector g1 = a0;
        FloatVector h0 = a0;
        FloatVector h1 = a0;
        for (int i = start; i < end; i++) {
          int w = i * stride + o;
          FloatVector w0 = widen(t, w);
          FloatVector w1 = widen(t, w + l);
          FloatVector v = FloatVector.broadcast(FLOATS, x[xo + i]);
          a0 = w0.fma(v, a0);
          a1 = w1.fma(v, a1);
          v = FloatVector.broadcast(FLOATS, x[x1 + i]);
          b0 = w0.fma(v, b0);
          b1 = w1.fma(v, b1);
          v = FloatVector.broadcast(FLOATS, x[x2 + i]);
          c0 = w0.fma(v, c0);
          c1 = w1.fma(v, c1);
          v = FloatVector.broadcast(FLOATS, x[x3 + i]);
          d0 = w0.fma(v, d0);
          d1 = w1.fma(v, d1);
          v = FloatVector.broadcast(FLOATS, x[x4 + i]);
          e0 = w0.fma(v, e0);
          e1 = w1.fma(v, e1);
          v = FloatVector.broadcast(FLOATS, x[x5 + i]);
          f0 = w0.fma(v, f0);
          f1 = w1.fma(v, f1);
          v = FloatVector.broadcast(FLOATS, x[x6 + i]);
          g0 = w0.fma(v, g0);
          g1 = w1.fma(v, g1);
          v = FloatVector.broadcast(FLOATS, x[x7 + i]);
          h0 = w0.fma(v, h0);
          h1 = w1.fma(v, h1);
        }
        boolean first = start == 0;
        int r = accOffset + o;
        store(acc, r, a0, first);
        store(acc, r + l, a1, first);
        store(acc, r + stride, b0, first);
        store(acc, r + stride + l, b1, first);
        store(acc, r + 2 * stride, c0, first);
        store(acc, r + 2 * stride + l, c1, first);
        store(acc, r + 3 * stride, d0, first);
        store(acc, r + 3 * stride + l, d1, first);
        store(acc, r + 4 * stride, e0, first);
        store(acc, r + 4 * stride + l, e1, first);
        store(acc, r + 5 * stride, f0, first);
        store(acc, r + 5 * stride + l, f1, first);
        store(acc, r + 6 * stride, g0, first);
        store(acc, r + 6 * stride + l, g1, first);
        store(acc, r + 7 * stride, h0, first);
        store(acc, r + 7 * stride + l, h1, first);
      }
    }
  }

  /** {@code acc[at …] = (first ? 0 : acc[at …]) + exact} for one vector. */
  private static void store(int[] acc, int at, FloatVector exact, boolean first) {
    IntVector base = first ? IntVector.zero(INTS) : IntVector.fromArray(INTS, acc, at);
    add(base, exact).intoArray(acc, at);
  }

  /** See {@link Int8Fma#fourRows(float[], int, int, float[], int, int[], int)}. */
  static void fourRows(float[] x, int xo, int k, float[] columns, int stride, int[] acc, int accOffset) {
    final int l = LANES;
    final int x1 = xo + k;
    final int x2 = x1 + k;
    final int x3 = x2 + k;
    for (int o = 0; o < stride; o += 2 * l) {
      IntVector ia0 = IntVector.zero(INTS);
      IntVector ia1 = ia0;
      IntVector ib0 = ia0;
      IntVector ib1 = ia0;
      IntVector ic0 = ia0;
      IntVector ic1 = ia0;
      IntVector id0 = ia0;
      IntVector id1 = ia0;
      for (int start = 0; start < k; start += Int8Fma.BLOCK) {
        int end = Math.min(k, start + Int8Fma.BLOCK);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        for (int i = start; i < end; i++) {
          int w = i * stride + o;
          FloatVector w0 = FloatVector.fromArray(FLOATS, columns, w);
          FloatVector w1 = FloatVector.fromArray(FLOATS, columns, w + l);
          FloatVector xa = FloatVector.broadcast(FLOATS, x[xo + i]);
          FloatVector xb = FloatVector.broadcast(FLOATS, x[x1 + i]);
          FloatVector xc = FloatVector.broadcast(FLOATS, x[x2 + i]);
          FloatVector xd = FloatVector.broadcast(FLOATS, x[x3 + i]);
          a0 = w0.fma(xa, a0);
          a1 = w1.fma(xa, a1);
          b0 = w0.fma(xb, b0);
          b1 = w1.fma(xb, b1);
          c0 = w0.fma(xc, c0);
          c1 = w1.fma(xc, c1);
          e0 = w0.fma(xd, e0);
          e1 = w1.fma(xd, e1);
        }
        ia0 = add(ia0, a0);
        ia1 = add(ia1, a1);
        ib0 = add(ib0, b0);
        ib1 = add(ib1, b1);
        ic0 = add(ic0, c0);
        ic1 = add(ic1, c1);
        id0 = add(id0, e0);
        id1 = add(id1, e1);
      }
      int r = accOffset + o;
      ia0.intoArray(acc, r);
      ia1.intoArray(acc, r + l);
      ib0.intoArray(acc, r + stride);
      ib1.intoArray(acc, r + stride + l);
      ic0.intoArray(acc, r + 2 * stride);
      ic1.intoArray(acc, r + 2 * stride + l);
      id0.intoArray(acc, r + 3 * stride);
      id1.intoArray(acc, r + 3 * stride + l);
    }
  }

  /** See {@link Int8Fma#oneRow}. */
  static void oneRow(float[] x, int xo, int k, float[] columns, int stride, int[] acc, int accOffset) {
    final int l = LANES;
    for (int o = 0; o < stride; o += 2 * l) {
      IntVector i0 = IntVector.zero(INTS);
      IntVector i1 = i0;
      for (int start = 0; start < k; start += Int8Fma.BLOCK) {
        int end = Math.min(k, start + Int8Fma.BLOCK);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        for (int i = start; i < end; i++) {
          int w = i * stride + o;
          FloatVector xa = FloatVector.broadcast(FLOATS, x[xo + i]);
          a0 = FloatVector.fromArray(FLOATS, columns, w).fma(xa, a0);
          a1 = FloatVector.fromArray(FLOATS, columns, w + l).fma(xa, a1);
        }
        i0 = add(i0, a0);
        i1 = add(i1, a1);
      }
      i0.intoArray(acc, accOffset + o);
      i1.intoArray(acc, accOffset + o + l);
    }
  }
}
