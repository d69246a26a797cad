package dev.topiary.deploy.onnx;

/**
 * Writes int8 layers in ONNX's QDQ form (opset 13): the input passes through
 * {@code QuantizeLinear → DequantizeLinear} with the layer's input quantization, the int8 weights
 * through a per-output-channel {@code DequantizeLinear} (axis 0), the bias as int32 codes of scale
 * {@code inputScale · weightScale[o]} through another, and a float {@code Gemm} or {@code Conv}
 * combines them. This is the pattern ONNX Runtime's graph optimiser fuses into integer kernels, and
 * its arithmetic is the Topiary runtime's int8 arithmetic except for the bias, which is rounded to a
 * multiple of {@code inputScale · weightScale[o]} (an error of at most half that per output).
 */
final class QdqLayers {

  private QdqLayers() {}

  /** {@code input} quantized and dequantized as {@code layer}'s input; returns the float tensor. */
  static String quantizeInput(OnnxGraph graph, String prefix, String input, Int8LayerParameters layer) {
    String scale = graph.floats(prefix + "/x_scale", new float[] {layer.inputScale()});
    String zero = graph.zeroPoint(prefix + "/x_zero_point", layer.inputZeroPoint(), layer.unsignedInput());
    String codes = graph.node("QuantizeLinear", prefix + "/quantize", input, scale, zero).add();
    return graph.node("DequantizeLinear", prefix + "/dequantize", codes, scale, zero).add();
  }

  /**
   * A dense layer on the dequantized input {@code input} of shape [N, fanIn]: {@code Gemm} with the
   * dequantized weights [outputs, fanIn] ({@code transB = 1}) and bias; returns its output, before
   * the activation.
   */
  static String dense(OnnxGraph graph, String prefix, String input, Int8LayerParameters layer) {
    String weights = dequantizedWeights(graph, prefix, layer, layer.outputs(), layer.fanIn());
    return graph.node("Gemm", prefix + "/gemm", input, weights, dequantizedBias(graph, prefix, layer))
        .integer("transB", 1)
        .add();
  }

  /**
   * A convolution on the dequantized NCHW input {@code input} with {@code channels} channels and a
   * {@code kernelHeight × kernelWidth} window; returns its output, before the activation.
   */
  static String conv(OnnxGraph graph, String prefix, String input, Int8LayerParameters layer, int channels,
      int kernelHeight, int kernelWidth, long[] strides, long[] pads, long[] dilations) {
    if (layer.fanIn() != channels * kernelHeight * kernelWidth) {
      throw new IllegalArgumentException(prefix + ": " + layer.fanIn() + " weights per output do not fit "
          + channels + " channels of " + kernelHeight + "x" + kernelWidth);
    }
    String weights = dequantizedWeights(graph, prefix, layer, layer.outputs(), channels, kernelHeight, kernelWidth);
    return graph.node("Conv", prefix + "/conv", input, weights, dequantizedBias(graph, prefix, layer))
        .ints("kernel_shape", kernelHeight, kernelWidth)
        .ints("strides", strides)
        .ints("pads", pads)
        .ints("dilations", dilations)
        .integer("group", 1)
        .add();
  }

  private static String dequantizedWeights(OnnxGraph graph, String prefix, Int8LayerParameters layer, long... dims) {
    String codes = graph.int8s(prefix + "/W_quantized", layer.codes(), dims);
    float[] scales = new float[layer.outputs()];
    for (int o = 0; o < scales.length; o++) {
      scales[o] = layer.weightScale(o);
    }
    String scale = graph.floats(prefix + "/W_scale", scales, scales.length);
    String zero = graph.int8s(prefix + "/W_zero_point", new byte[scales.length], scales.length);
    return graph.node("DequantizeLinear", prefix + "/W", codes, scale, zero).integer("axis", 0).add();
  }

  private static String dequantizedBias(OnnxGraph graph, String prefix, Int8LayerParameters layer) {
    int[] codes = new int[layer.outputs()];
    float[] scales = new float[layer.outputs()];
    for (int o = 0; o < codes.length; o++) {
      scales[o] = layer.inputScale() * layer.weightScale(o);
      codes[o] = Math.toIntExact(Math.round((double) layer.bias()[o] / scales[o]));
    }
    String quantized = graph.int32s(prefix + "/b_quantized", codes, codes.length);
    String scale = graph.floats(prefix + "/b_scale", scales, scales.length);
    return graph.node("DequantizeLinear", prefix + "/b", quantized, scale).integer("axis", 0).add();
  }
}
