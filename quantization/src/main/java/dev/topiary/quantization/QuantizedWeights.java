package dev.topiary.quantization;

/**
 * A weight tensor quantized to symmetric int8: row-major codes ({@code channels × perChannel}, one
 * row per output channel) and one scale per channel (or one for the tensor).
 *
 * @param codes the int8 codes in {@code [-127, 127]}, row-major
 * @param scales one scale per output channel, or one for the tensor
 * @param channels number of output channels (rows)
 */
public record QuantizedWeights(byte[] codes, float[] scales, int channels) {

  /** Checks the sizes and copies the arrays. */
  public QuantizedWeights {
    if (channels <= 0 || codes.length % channels != 0) {
      throw new IllegalArgumentException(codes.length + " weights do not split into " + channels + " channels");
    }
    if (scales.length != 1 && scales.length != channels) {
      throw new IllegalArgumentException("scales must have 1 value or " + channels + ", got " + scales.length);
    }
    codes = codes.clone();
    scales = scales.clone();
  }

  /**
   * Quantizes row-major float weights ({@code channels} rows) with one scale per row or one for
   * the tensor: {@code scale = max|w| / 127}, {@code q = clamp(rint(w / scale), -127, 127)}.
   *
   * @throws IllegalArgumentException if the weights do not split into {@code channels} rows or one
   *     is not finite
   */
  public static QuantizedWeights quantize(float[] weights, int channels, WeightGranularity granularity) {
    if (channels <= 0 || weights.length % channels != 0) {
      throw new IllegalArgumentException(weights.length + " weights do not split into " + channels + " channels");
    }
    int perChannel = weights.length / channels;
    for (int i = 0; i < weights.length; i++) {
      if (!Float.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is not finite: " + weights[i]);
      }
    }
    QuantParams[] params = new QuantParams[channels];
    if (granularity == WeightGranularity.PER_TENSOR) {
      QuantParams tensor = QuantParams.symmetricWeights(maxAbs(weights, 0, weights.length));
      java.util.Arrays.fill(params, tensor);
    } else {
      for (int c = 0; c < channels; c++) {
        params[c] = QuantParams.symmetricWeights(maxAbs(weights, c * perChannel, perChannel));
      }
    }
    byte[] codes = new byte[weights.length];
    for (int c = 0; c < channels; c++) {
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        codes[i] = (byte) params[c].quantize(weights[i]);
      }
    }
    float[] scales = granularity == WeightGranularity.PER_TENSOR ? new float[] {params[0].scale()}
        : new float[channels];
    if (granularity == WeightGranularity.PER_CHANNEL) {
      for (int c = 0; c < channels; c++) {
        scales[c] = params[c].scale();
      }
    }
    return new QuantizedWeights(codes, scales, channels);
  }

  /** Number of weights per output channel. */
  public int perChannel() {
    return codes.length / channels;
  }

  /** The scale of output channel {@code channel}. */
  public float scale(int channel) {
    return scales.length == 1 ? scales[0] : scales[channel];
  }

  /** The int8 codes (a copy). */
  @Override
  public byte[] codes() {
    return codes.clone();
  }

  /** The scales (a copy). */
  @Override
  public float[] scales() {
    return scales.clone();
  }

  /** The real weights the codes stand for: {@code scale·q}, row-major. */
  public float[] dequantize() {
    int perChannel = perChannel();
    float[] out = new float[codes.length];
    for (int i = 0; i < codes.length; i++) {
      out[i] = scale(i / perChannel) * codes[i];
    }
    return out;
  }

  /** Number of codes that are not zero. */
  public int nonZeros() {
    int count = 0;
    for (byte code : codes) {
      count += code != 0 ? 1 : 0;
    }
    return count;
  }

  private static float maxAbs(float[] values, int from, int count) {
    float max = 0f;
    for (int i = from; i < from + count; i++) {
      max = Math.max(max, Math.abs(values[i]));
    }
    return max;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof QuantizedWeights w && channels == w.channels
        && java.util.Arrays.equals(codes, w.codes) && java.util.Arrays.equals(scales, w.scales);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(codes) + java.util.Arrays.hashCode(scales);
  }

  @Override
  public String toString() {
    return "QuantizedWeights[" + channels + " channels × " + perChannel() + ", " + scales.length + " scales]";
  }
}
