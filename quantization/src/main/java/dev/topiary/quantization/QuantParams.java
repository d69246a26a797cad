package dev.topiary.quantization;

/**
 * The affine map between real values and integer codes of one tensor (or one channel): a real
 * value {@code x} becomes {@code q = clamp(rint(x / scale) + zeroPoint, min, max)} (round half to
 * even, saturating) and a code {@code q} means {@code scale·(q − zeroPoint)}.
 *
 * <p>Factories give the three schemes Topiary uses: symmetric int8 weights ({@code [-127, 127]},
 * zero point 0, {@code scale = max|w| / 127}); symmetric int8 activations ({@code [-128, 127]},
 * zero point 0, {@code scale = T / 127}); asymmetric uint8 activations ({@code [0, 255]}, {@code
 * scale = (hi − lo) / 255}, {@code zeroPoint = rint(−lo / scale)}), whose range always includes 0
 * so that real zero (relu's output, padding) is exact.
 *
 * @param scale the real size of one step, positive and finite
 * @param zeroPoint the code of real 0, in {@code [min, max]}
 * @param min the smallest code
 * @param max the largest code
 */
public record QuantParams(float scale, int zeroPoint, int min, int max) {

  /** Validates the scale, the code range and the zero point. */
  public QuantParams {
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
    }
    if (min >= max) {
      throw new IllegalArgumentException("code range must have min < max, got [" + min + ", " + max + "]");
    }
    if (zeroPoint < min || zeroPoint > max) {
      throw new IllegalArgumentException("zeroPoint must be in [" + min + ", " + max + "], got " + zeroPoint);
    }
  }

  /**
   * Symmetric int8 for weights: codes {@code [-127, 127]}, zero point 0, {@code scale = maxAbs /
   * 127}; an all-zero tensor (maxAbs 0) gets scale 1, so every code is 0.
   *
   * @throws IllegalArgumentException if {@code maxAbs} is negative or not finite
   */
  public static QuantParams symmetricWeights(float maxAbs) {
    return new QuantParams(symmetricScale(maxAbs, "maxAbs"), 0, -127, 127);
  }

  /**
   * Symmetric int8 for activations in {@code [-threshold, threshold]}: codes {@code [-128, 127]},
   * zero point 0, {@code scale = threshold / 127}.
   *
   * @throws IllegalArgumentException if {@code threshold} is negative or not finite
   */
  public static QuantParams symmetricActivations(float threshold) {
    return new QuantParams(symmetricScale(threshold, "threshold"), 0, -128, 127);
  }

  /**
   * Asymmetric uint8 for activations in {@code [lo, hi]}: codes {@code [0, 255]}, {@code scale =
   * (hi − lo) / 255}, {@code zeroPoint = clamp(rint(−lo / scale), 0, 255)}. An empty range
   * ({@code lo = hi = 0}) gets scale 1 and zero point 0.
   *
   * @throws IllegalArgumentException if the range does not include 0 or is not finite
   */
  public static QuantParams asymmetricActivations(float lo, float hi) {
    if (!(lo <= 0f && hi >= 0f) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
      throw new IllegalArgumentException("an asymmetric range must be finite and include 0, got [" + lo + ", "
          + hi + "]");
    }
    if (hi - lo == 0f) {
      return new QuantParams(1f, 0, 0, 255);
    }
    float scale = (hi - lo) / 255f;
    int zeroPoint = (int) Math.rint(-lo / scale);
    return new QuantParams(scale, Math.max(0, Math.min(255, zeroPoint)), 0, 255);
  }

  private static float symmetricScale(float maxAbs, String name) {
    if (!(maxAbs >= 0f) || Float.isInfinite(maxAbs)) {
      throw new IllegalArgumentException(name + " must be finite and not negative, got " + maxAbs);
    }
    return maxAbs == 0f ? 1f : maxAbs / 127f;
  }

  /** The code of {@code x}: {@code clamp(rint(x / scale) + zeroPoint, min, max)}. */
  public int quantize(float x) {
    double q = Math.rint(x / scale) + zeroPoint;
    return q < min ? min : q > max ? max : (int) q;
  }

  /** The real value of code {@code q}: {@code scale·(q − zeroPoint)}. */
  public float dequantize(int q) {
    return scale * (q - zeroPoint);
  }

  /** {@code dequantize(quantize(x))}: the value the quantized model sees instead of {@code x}. */
  public float fakeQuantize(float x) {
    return dequantize(quantize(x));
  }

  /** The smallest real value the codes represent. */
  public float realMin() {
    return dequantize(min);
  }

  /** The largest real value the codes represent. */
  public float realMax() {
    return dequantize(max);
  }

  /**
   * The zero point as the runtime stores it: codes are held as signed bytes, so uint8 codes
   * {@code [0, 255]} are shifted by −128 (see {@code dev.topiary.runtime.int8}).
   */
  public int runtimeZeroPoint() {
    return min == 0 ? zeroPoint - 128 : zeroPoint;
  }

  /** The code of {@code x} as the runtime stores it: a signed byte (uint8 codes shifted by −128). */
  public byte runtimeCode(float x) {
    return (byte) (min == 0 ? quantize(x) - 128 : quantize(x));
  }
}
