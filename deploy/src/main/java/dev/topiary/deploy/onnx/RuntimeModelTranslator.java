package dev.topiary.deploy.onnx;

import dev.topiary.runtime.Activation;
import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.ModelSurgery.LayerView;
import dev.topiary.runtime.RuntimeModel;
import dev.topiary.runtime.Window;
import java.util.List;

/**
 * Translates a compiled {@link RuntimeModel}, layer by layer, into an {@link OnnxGraph}: int8
 * dense and convolution layers in QDQ form ({@link QdqLayers}: the input quantized to uint8 with the
 * layer's calibrated scale and zero point, the int8 weights and their per-channel scales, the bias
 * as int32 codes), float dense and convolution layers as float {@code Gemm}/{@code Conv}, pooling,
 * flatten, standalone activations and the input scaling as the matching ONNX operators. The runtime's
 * signed input codes {@code a} with zero point {@code z} are the uint8 codes {@code a + 128} with zero
 * point {@code z + 128}, so every static int8 layer is written as uint8 input × int8 weights, the
 * pair ONNX Runtime's QDQ fusion turns into integer kernels.
 *
 * <p>Layers quantized dynamically (per example at run time) have no fixed input quantization and are
 * rejected: ONNX's {@code DynamicQuantizeLinear} quantizes a whole batch with one range.
 */
final class RuntimeModelTranslator {

  private final OnnxGraph graph;
  private String current;

  private RuntimeModelTranslator(OnnxGraph graph) {
    this.graph = graph;
  }

  /**
   * Builds the graph of {@code model}: input {@code inputName} of shape [N, inputSize], output
   * {@code outputName} of shape [N, classCount].
   *
   * @throws IllegalArgumentException naming the layer index, its name and type, if a layer cannot be
   *     exported
   */
  static NetworkTranslator.Translation translate(RuntimeModel model, String inputName, String outputName,
      String documentation) {
    OnnxGraph graph = new OnnxGraph("topiary", documentation);
    RuntimeModelTranslator translator = new RuntimeModelTranslator(graph);
    int[] shape = model.inputShape();
    graph.input(inputName, model.inputSize());
    translator.current = inputName;
    long[] imageShape = new long[0];
    if (shape.length == 3) {
      imageShape = new long[] {shape[0], shape[1], shape[2]};
      String target = graph.longs("input/image_shape", -1, shape[0], shape[1], shape[2]);
      translator.current = graph.node("Reshape", "input/to_image", inputName, target).add();
    } else if (shape.length != 1) {
      throw new IllegalArgumentException("the model's input shape " + java.util.Arrays.toString(shape)
          + " cannot be exported to ONNX; supported: [features] or [channels, height, width]");
    }
    List<LayerView> layers = ModelSurgery.layerViews(model);
    for (LayerView layer : layers) {
      translator.layer(layer);
    }
    List<Integer> last = layers.isEmpty() ? List.of(model.inputSize()) : layers.get(layers.size() - 1).outputShape();
    if (last.size() != 1) {
      translator.current = graph.node("Flatten", "output/flatten", translator.current).integer("axis", 1).add();
    }
    if (translator.current.equals(graph.lastOutput())) {
      graph.renameLastOutput(outputName);
    } else {
      graph.node("Identity", outputName, translator.current).add();
    }
    graph.output(outputName, model.classCount());
    return new NetworkTranslator.Translation(graph, model.inputSize(), imageShape, model.classCount());
  }

  private void layer(LayerView layer) {
    String prefix = "layer" + layer.index();
    switch (layer.type()) {
      case "dense", "conv2d" -> weighted(prefix, layer);
      case "maxpool", "avgpool" -> pooling(prefix, layer);
      case "flatten" -> current = graph.node("Flatten", prefix + "/flatten", current).integer("axis", 1).add();
      case "activation" -> current = activation(prefix, layer, layer.activation());
      case "scale" -> {
        long[] dims = layer.inputShape().stream().mapToLong(Integer::longValue).toArray();
        String offset = graph.floats(prefix + "/offset", layer.offset(), dims);
        String scale = graph.floats(prefix + "/scale", layer.scale(), dims);
        String centred = graph.node("Sub", prefix + "/sub", current, offset).add();
        current = graph.node("Mul", prefix + "/mul", centred, scale).add();
      }
      default -> throw unsupported(layer, "cannot be exported to ONNX; supported layer types: [dense, conv2d, "
          + "maxpool, avgpool, flatten, activation, scale]");
    }
  }

  private void weighted(String prefix, LayerView layer) {
    ModelSurgery.WeightedLayer w = layer.weighted();
    Window window = w.window();
    int channels = w.isConvolution() ? w.inputShape().get(0) : 0;
    if (layer.int8() != null) {
      ModelSurgery.Int8Parameters q = layer.int8();
      if (q.dynamic()) {
        throw unsupported(layer, "is quantized dynamically (per example at run time), which ONNX's QDQ form "
            + "cannot express; quantize it with quantize.int8 (static, calibrated) to export it");
      }
      Int8LayerParameters parameters;
      try {
        parameters = new Int8LayerParameters(q.inputScale(), q.inputZeroPoint() + 128, true, q.weightScales(),
            q.codes(), q.bias());
      } catch (IllegalArgumentException e) {
        throw unsupported(layer, e.getMessage());
      }
      String input = QdqLayers.quantizeInput(graph, prefix, current, parameters);
      current = w.isConvolution()
          ? QdqLayers.conv(graph, prefix, input, parameters, channels, window.kernelHeight(), window.kernelWidth(),
              strides(window), pads(window), new long[] {1, 1})
          : QdqLayers.dense(graph, prefix, input, parameters);
    } else if (w.isConvolution()) {
      String weights = graph.floats(prefix + "/W", w.weights(), w.outputs(), channels, window.kernelHeight(),
          window.kernelWidth());
      String bias = graph.floats(prefix + "/b", w.bias(), w.outputs());
      current = graph.node("Conv", prefix + "/conv", current, weights, bias)
          .ints("kernel_shape", window.kernelHeight(), window.kernelWidth())
          .ints("strides", strides(window))
          .ints("pads", pads(window))
          .ints("dilations", 1, 1)
          .integer("group", 1)
          .add();
    } else {
      String weights = graph.floats(prefix + "/W", w.weights(), w.outputs(), w.fanIn());
      String bias = graph.floats(prefix + "/b", w.bias(), w.outputs());
      current = graph.node("Gemm", prefix + "/gemm", current, weights, bias).integer("transB", 1).add();
    }
    current = activation(prefix, layer, w.activation());
  }

  private void pooling(String prefix, LayerView layer) {
    Window window = layer.window();
    OnnxGraph.NodeBuilder node = layer.type().equals("maxpool")
        ? graph.node("MaxPool", prefix + "/maxpool", current)
        : graph.node("AveragePool", prefix + "/avgpool", current)
            .integer("count_include_pad", layer.countIncludesPad() ? 1 : 0);
    current = node.ints("kernel_shape", window.kernelHeight(), window.kernelWidth())
        .ints("strides", strides(window))
        .ints("pads", pads(window))
        .add();
  }

  private String activation(String prefix, LayerView layer, Activation activation) {
    String name = prefix + "/act";
    return switch (activation.function()) {
      case IDENTITY -> current;
      case RELU -> graph.node("Relu", name, current).add();
      case LEAKY_RELU -> graph.node("LeakyRelu", name, current).real("alpha", activation.alpha()).add();
      case ELU -> graph.node("Elu", name, current).real("alpha", activation.alpha()).add();
      case TANH -> graph.node("Tanh", name, current).add();
      case SIGMOID -> graph.node("Sigmoid", name, current).add();
      case SOFTMAX -> {
        if (layer.outputShape().size() != 1) {
          throw unsupported(layer, "softmax over images cannot be exported to ONNX; supported: softmax over rows");
        }
        yield graph.node("Softmax", name, current).integer("axis", 1).add();
      }
    };
  }

  private static long[] strides(Window window) {
    return new long[] {window.strideHeight(), window.strideWidth()};
  }

  private static long[] pads(Window window) {
    return new long[] {window.padTop(), window.padLeft(), window.padBottom(), window.padRight()};
  }

  private static IllegalArgumentException unsupported(LayerView layer, String what) {
    return new IllegalArgumentException("layer " + layer.index() + " (" + layer.name() + ", " + layer.type()
        + "/" + layer.kernel().toString().toLowerCase(java.util.Locale.ROOT) + "): " + what);
  }
}
