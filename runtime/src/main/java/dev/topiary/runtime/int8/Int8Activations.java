package dev.topiary.runtime.int8;

/**
 * Conversion of float activations to 8-bit codes and back, with a scale and a zero point in
 * {@code [-128, 127]} (see the package documentation): {@code a = clamp(rint(x / s) + z, -128,
 * 127)} (round half to even, saturating) and {@code x = s·(a − z)}.
 */
public final class Int8Activations {

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
    for (int i = 0; i < count; i++) {
      int q = (int) Math.rint(x[xOffset + i] / scale) + zeroPoint;
      out[outOffset + i] = (byte) (q < -128 ? -128 : Math.min(q, 127));
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
