package dev.topiary.deploy.onnx;

/**
 * The int8 arithmetic of one dense or convolution layer, as the Topiary runtime's int8 layers
 * compute it: the float input is quantized to 8-bit codes {@code q = clamp(round(x / inputScale) +
 * inputZeroPoint)}, multiplied by int8 weight codes into int32 accumulators, and converted back to
 * float with {@code inputScale · weightScale[o]} and the float bias.
 *
 * @param inputScale the scale of the layer's 8-bit input, positive
 * @param inputZeroPoint the input's zero point: in [0, 255] for uint8 input, 0 for symmetric int8 input
 * @param unsignedInput true for asymmetric uint8 input codes, false for symmetric int8 codes
 * @param weightScales one positive scale per output, or one for the whole layer
 * @param codes int8 weight codes, {@code [outputs][fanIn]} row-major (for a convolution
 *     {@code fanIn = channels · kh · kw} in that order, as ONNX lays out Conv weights)
 * @param bias one float per output
 */
record Int8LayerParameters(float inputScale, int inputZeroPoint, boolean unsignedInput, float[] weightScales,
    byte[] codes, float[] bias) {

  /** Checks the values and copies the arrays. */
  Int8LayerParameters {
    if (!(inputScale > 0) || !Float.isFinite(inputScale)) {
      throw new IllegalArgumentException("inputScale must be positive, got " + inputScale);
    }
    if (unsignedInput ? inputZeroPoint < 0 || inputZeroPoint > 255 : inputZeroPoint != 0) {
      throw new IllegalArgumentException("inputZeroPoint must be " + (unsignedInput ? "in [0, 255]" : "0")
          + " for " + (unsignedInput ? "uint8" : "symmetric int8") + " input, got " + inputZeroPoint);
    }
    if (bias.length == 0 || codes.length % bias.length != 0) {
      throw new IllegalArgumentException("codes (" + codes.length + ") must be a whole number of rows of the "
          + bias.length + " outputs");
    }
    if (weightScales.length != 1 && weightScales.length != bias.length) {
      throw new IllegalArgumentException("weightScales must hold 1 or " + bias.length + " scales, got "
          + weightScales.length);
    }
    for (float scale : weightScales) {
      if (!(scale > 0) || !Float.isFinite(scale)) {
        throw new IllegalArgumentException("every weight scale must be positive, got " + scale);
      }
    }
    weightScales = weightScales.clone();
    codes = codes.clone();
    bias = bias.clone();
  }

  int outputs() {
    return bias.length;
  }

  int fanIn() {
    return codes.length / bias.length;
  }

  float weightScale(int output) {
    return weightScales.length == 1 ? weightScales[0] : weightScales[output];
  }
}
