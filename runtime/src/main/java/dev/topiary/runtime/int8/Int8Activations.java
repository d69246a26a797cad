package dev.topiary.runtime.int8;

/**
 * Conversion of float activations to 8-bit codes and back, with a scale and a zero point in
 * {@code [-128, 127]} (see the package documentation): {@code a = clamp(rint(x · (1/s)) + z, -128,
 * 127)} (round half to even, saturating; multiplying by the reciprocal, so a value within a float
 * rounding of a tie may round the other way than {@code x / s} would) and {@code x = s·(a − z)}.
 */
public final class Int8Activations {

  /**
   * 1.5·2²³: adding and subtracting it rounds a float of magnitude below 2²² to the nearest integer,
   * ties to even (IEEE round-to-nearest), in a loop the JIT vectorises.
   */
  private static final float ROUNDING = 12582912f;

  private Int8Activations() {}

  /**
   * Quantizes {@code count} floats from {@code x[xOffset]} into {@code out[outOffset]}.
   *
   * @throws IllegalArgumentException if the scale is not positive and finite or the zero point is
   *     out of range
   */
  public static void quantize(float[] x, int xOffset, int count, float scale, int zeroPoint, byte[] out,
      int outOffset) {
    check(scale, zeroPoint);
    final float inverse = 1f / scale;
    final float low = -128 - zeroPoint;
    final float high = 127 - zeroPoint;
    for (int i = 0; i < count; i++) {
      float v = Math.min(Math.max(x[xOffset + i] * inverse, low), high);
      out[outOffset + i] = (byte) ((int) ((v + ROUNDING) - ROUNDING) + zeroPoint);
    }
  }

  /**
   * Quantizes {@code count} floats from {@code x[xOffset]} and writes each code minus the zero point,
   * {@code a − z} (an integer in {@code [-255, 255]}), as a float into {@code out[outOffset]}: the
   * form the float multiply-add kernels ({@link Int8Fma}) take. The codes are exactly those of
   * {@link #quantize}.
   *
   * @throws IllegalArgumentException as {@link #quantize}
   */
  public static void quantizeCentred(float[] x, int xOffset, int count, float scale, int zeroPoint, float[] out,
      int outOffset) {
    quantizeToFloats(x, xOffset, count, scale, zeroPoint, 0, out, outOffset);
  }

  /**
   * Quantizes {@code count} floats from {@code x[xOffset]} and writes the codes themselves (integers
   * in {@code [-128, 127]}) as floats into {@code out[outOffset]}: an int8 convolution's input on
   * the float multiply-add kernels. The codes are exactly those of {@link #quantize}.
   *
   * @throws IllegalArgumentException as {@link #quantize}
   */
  public static void quantizeToFloatCodes(float[] x, int xOffset, int count, float scale, int zeroPoint,
      float[] out, int outOffset) {
    quantizeToFloats(x, xOffset, count, scale, zeroPoint, zeroPoint, out, outOffset);
  }

  /** The code minus the zero point, plus {@code shift}, as a float: the Vector API for whole vectors. */
  private static void quantizeToFloats(float[] x, int xOffset, int count, float scale, int zeroPoint, int shift,
      float[] out, int outOffset) {
    check(scale, zeroPoint);
    if (count < 0 || xOffset < 0 || outOffset < 0 || x.length - xOffset < count || out.length - outOffset < count) {
      throw new IllegalArgumentException(count + " values from offsets " + xOffset + " and " + outOffset
          + " do not fit arrays of " + x.length + " and " + out.length);
    }
    final float inverse = 1f / scale;
    final float low = -128 - zeroPoint;
    final float high = 127 - zeroPoint;
    int i = Int8Fma.vectorized()
        ? VectorInt8Fma.quantize(x, xOffset, count, inverse, low, high, shift, out, outOffset) : 0;
    for (; i < count; i++) {
      float v = Math.min(Math.max(x[xOffset + i] * inverse, low), high);
      // through int, as quantize does: NaN becomes the zero point (centred 0), not NaN
      out[outOffset + i] = (int) ((v + ROUNDING) - ROUNDING) + shift;
    }
  }

  /** Dequantizes {@code count} codes from {@code a[aOffset]} into {@code out[outOffset]}. */
  public static void dequantize(byte[] a, int aOffset, int count, float scale, int zeroPoint, float[] out,
      int outOffset) {
    check(scale, zeroPoint);
    for (int i = 0; i < count; i++) {
      out[outOffset + i] = scale * (a[aOffset + i] - zeroPoint);
    }
  }

  private static void check(float scale, int zeroPoint) {
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
    if (zeroPoint < -128 || zeroPoint > 127) {
      throw new IllegalArgumentException("zeroPoint must be in [-128, 127], got " + zeroPoint);
    }
  }
}
