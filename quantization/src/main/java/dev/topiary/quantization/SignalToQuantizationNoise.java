package dev.topiary.quantization;

/**
 * The signal-to-quantization-noise ratio in decibels, {@code 10·log10(Σ s² / Σ (s − ŝ)²)}, of an
 * approximation {@code ŝ} of a signal {@code s} (a quantized layer's output against the float
 * layer's). Each bit of resolution is worth about 6 dB; exact agreement is {@code +∞}.
 */
public final class SignalToQuantizationNoise {

  private SignalToQuantizationNoise() {}

  /**
   * The SQNR of {@code approximation} against {@code signal}, in dB.
   *
   * @throws IllegalArgumentException if the lengths differ or the arrays are empty
   */
  public static double decibels(float[] signal, float[] approximation) {
    if (signal.length != approximation.length || signal.length == 0) {
      throw new IllegalArgumentException("signal and approximation must have the same, non-zero length, got "
          + signal.length + " and " + approximation.length);
    }
    double power = 0;
    double noise = 0;
    for (int i = 0; i < signal.length; i++) {
      double s = signal[i];
      double d = s - approximation[i];
      power += s * s;
      noise += d * d;
    }
    return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(power / noise);
  }
}
