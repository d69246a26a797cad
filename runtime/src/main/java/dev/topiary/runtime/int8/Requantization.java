package dev.topiary.runtime.int8;

import java.util.Arrays;

/**
 * Per-output-channel conversion of int32 accumulators to the next layer's 8-bit activations (or to
 * float), with the bias, the input's zero point and optionally relu folded in.
 *
 * <p>For an output channel {@code o} with weight scale {@code sw[o]}, input scale {@code sx} and
 * zero point {@code zx}, bias {@code b[o]} and weight row sum {@code Σw[o]}, the real output is
 * {@code y = sx·sw[o]·(acc − zx·Σw[o]) + b[o]}. Requantized to an output scale {@code sy} and zero
 * point {@code zy} it is {@code clamp(rint(acc·m[o] + c[o]), lo, hi)} with the precomputed
 * {@code m[o] = sx·sw[o]/sy} and {@code c[o] = (b[o] − sx·sw[o]·zx·Σw[o])/sy + zy}; relu is the
 * clamp's lower bound {@code lo = zy} (the code of real 0). Rounding is half to even
 * ({@link Math#rint}), saturation to {@code [-128, 127]}. The arithmetic after the integer product
 * is single-precision float, as in most int8 CPU runtimes.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Requantization {

  private final float[] multiplier;
  private final float[] offset;
  private final int low;
  private final int high;
  private final boolean toFloat;
  private final boolean relu;

  private Requantization(float[] multiplier, float[] offset, int low, int high, boolean toFloat, boolean relu) {
    this.multiplier = multiplier;
    this.offset = offset;
    this.low = low;
    this.high = high;
    this.toFloat = toFloat;
    this.relu = relu;
  }

  /**
   * Requantization to signed 8-bit activations.
   *
   * @param inputScale the scale of the layer's 8-bit input
   * @param inputZeroPoint the input's zero point in {@code [-128, 127]}
   * @param weightScales one scale per output channel, or one for the whole tensor
   * @param rowSums the sum of each output channel's int8 weights
   * @param bias one bias per output channel (float, real units)
   * @param outputScale the scale of the output activations
   * @param outputZeroPoint the output's zero point in {@code [-128, 127]}
   * @param relu whether relu is fused (outputs below real 0 become the zero point)
   * @throws IllegalArgumentException if a scale is not positive and finite, a zero point is out of
   *     range, or the per-channel arrays disagree in length
   */
  public static Requantization toInt8(float inputScale, int inputZeroPoint, float[] weightScales, int[] rowSums,
      float[] bias, float outputScale, int outputZeroPoint, boolean relu) {
    checkScale("outputScale", outputScale);
    checkZeroPoint("outputZeroPoint", outputZeroPoint);
    int channels = checkChannels(inputScale, inputZeroPoint, weightScales, rowSums, bias);
    float[] m = new float[channels];
    float[] c = new float[channels];
    for (int o = 0; o < channels; o++) {
      double real = (double) inputScale * scale(weightScales, o);
      m[o] = (float) (real / outputScale);
      c[o] = (float) ((bias[o] - real * inputZeroPoint * rowSums[o]) / outputScale + outputZeroPoint);
    }
    return new Requantization(m, c, relu ? outputZeroPoint : -128, 127, false, relu);
  }

  /**
   * Conversion to float outputs (real units): {@code y = acc·m[o] + c[o]}, optionally followed by
   * relu. Used by the last layer and before a layer kept in float.
   *
   * @throws IllegalArgumentException as {@link #toInt8}
   */
  public static Requantization toFloat(float inputScale, int inputZeroPoint, float[] weightScales, int[] rowSums,
      float[] bias, boolean relu) {
    int channels = checkChannels(inputScale, inputZeroPoint, weightScales, rowSums, bias);
    float[] m = new float[channels];
    float[] c = new float[channels];
    for (int o = 0; o < channels; o++) {
      double real = (double) inputScale * scale(weightScales, o);
      m[o] = (float) real;
      c[o] = (float) (bias[o] - real * inputZeroPoint * rowSums[o]);
    }
    return new Requantization(m, c, 0, 0, true, relu);
  }

  /** Number of output channels. */
  public int channels() {
    return multiplier.length;
  }

  /** True if this requantization produces float outputs. */
  public boolean producesFloat() {
    return toFloat;
  }

  /**
   * Requantizes the accumulators of every channel, {@code acc[accOffset + o]} to {@code
   * out[outOffset + o]} (a dense layer's output row).
   */
  public void apply(int[] acc, int accOffset, byte[] out, int outOffset) {
    requireInt8();
    for (int o = 0; o < multiplier.length; o++) {
      out[outOffset + o] = clamp(Math.rint(Math.fma((float) acc[accOffset + o], multiplier[o], offset[o])));
    }
  }

  /**
   * Requantizes {@code count} accumulators of one channel (a convolution's output plane), from
   * {@code acc[accOffset]} to {@code out[outOffset]}.
   */
  public void applyChannel(int channel, int[] acc, int accOffset, byte[] out, int outOffset, int count) {
    requireInt8();
    float m = multiplier[channel];
    float c = offset[channel];
    for (int p = 0; p < count; p++) {
      out[outOffset + p] = clamp(Math.rint(Math.fma((float) acc[accOffset + p], m, c)));
    }
  }

  /** Converts the accumulators of every channel to float (a dense layer's output row). */
  public void applyFloat(int[] acc, int accOffset, float[] out, int outOffset) {
    requireFloat();
    for (int o = 0; o < multiplier.length; o++) {
      float y = Math.fma((float) acc[accOffset + o], multiplier[o], offset[o]);
      out[outOffset + o] = relu && y < 0f ? 0f : y;
    }
  }

  /** Converts {@code count} accumulators of one channel to float (a convolution's output plane). */
  public void applyChannelFloat(int channel, int[] acc, int accOffset, float[] out, int outOffset, int count) {
    requireFloat();
    float m = multiplier[channel];
    float c = offset[channel];
    for (int p = 0; p < count; p++) {
      float y = Math.fma((float) acc[accOffset + p], m, c);
      out[outOffset + p] = relu && y < 0f ? 0f : y;
    }
  }

  private byte clamp(double value) {
    int q = (int) value;
    return (byte) (q < low ? low : Math.min(q, high));
  }

  private void requireInt8() {
    if (toFloat) {
      throw new IllegalStateException("this requantization produces float outputs; use applyFloat");
    }
  }

  private void requireFloat() {
    if (!toFloat) {
      throw new IllegalStateException("this requantization produces int8 outputs; use apply");
    }
  }

  private static float scale(float[] weightScales, int channel) {
    return weightScales.length == 1 ? weightScales[0] : weightScales[channel];
  }

  private static int checkChannels(float inputScale, int inputZeroPoint, float[] weightScales, int[] rowSums,
      float[] bias) {
    checkScale("inputScale", inputScale);
    checkZeroPoint("inputZeroPoint", inputZeroPoint);
    int channels = bias.length;
    if (channels == 0) {
      throw new IllegalArgumentException("bias must have one value per output channel, got none");
    }
    if (rowSums.length != channels) {
      throw new IllegalArgumentException("rowSums must have one value per output channel (" + channels + "), got "
          + rowSums.length);
    }
    if (weightScales.length != 1 && weightScales.length != channels) {
      throw new IllegalArgumentException("weightScales must have 1 value (per tensor) or " + channels
          + " (per channel), got " + weightScales.length);
    }
    for (int i = 0; i < weightScales.length; i++) {
      checkScale("weightScales[" + i + "]", weightScales[i]);
    }
    return channels;
  }

  private static void checkScale(String name, float scale) {
    if (!(scale > 0f) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + scale);
    }
  }

  private static void checkZeroPoint(String name, int zeroPoint) {
    if (zeroPoint < -128 || zeroPoint > 127) {
      throw new IllegalArgumentException(name + " must be in [-128, 127], got " + zeroPoint);
    }
  }

  @Override
  public String toString() {
    return "Requantization[" + multiplier.length + " channels, " + (toFloat ? "to float" : "to int8")
        + (relu ? ", relu" : "") + ", multipliers " + Arrays.toString(Arrays.copyOf(multiplier,
        Math.min(4, multiplier.length))) + "…]";
  }
}
