package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.runtime.RuntimeModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exports a DL4J {@link MultiLayerNetwork} as an ONNX model that ONNX Runtime (or any ONNX
 * runtime supporting opset {@value #OPSET}) runs with the same probabilities as DL4J.
 *
 * <p>The graph takes one float input {@value #INPUT_NAME} of shape {@code [N, inputSize]}: the
 * flat feature rows Topiary's {@code Inference} takes (images channel-first, reshaped to NCHW inside
 * the graph), and returns {@value #OUTPUT_NAME} of shape {@code [N, classCount]} (the output
 * layer's activation, a softmax for classifiers). The batch dimension is symbolic, so one file serves
 * every batch size.
 *
 * <p>Supported: {@code DenseLayer} and {@code OutputLayer} (as {@code Gemm}), {@code ConvolutionLayer}
 * (NCHW; {@code Same}, {@code Truncate} and {@code Strict} modes with explicit padding and dilation),
 * {@code SubsamplingLayer} max and average pooling, {@code BatchNormalization} (inference statistics),
 * {@code ActivationLayer}, {@code DropoutLayer} (nothing at inference), the preprocessors
 * {@code FeedForwardToCnnPreProcessor} and {@code CnnToFeedForwardPreProcessor}, and the activations
 * relu, leakyrelu, elu, tanh, sigmoid, softmax and identity. Anything else is rejected with the
 * layer's index, its type and what is supported, before a file is written.
 *
 * <p>The export only reads the network: the caller keeps ownership of it.
 */
public final class OnnxExporter {

  /** The ONNX operator set the exported graph uses. */
  public static final int OPSET = 13;

  /** The ONNX IR version matching {@link #OPSET}. */
  public static final long IR_VERSION = 7;

  /** The graph input's name: float rows {@code [N, inputSize]}. */
  public static final String INPUT_NAME = "features";

  /** The graph output's name: float rows {@code [N, classCount]} of class probabilities. */
  public static final String OUTPUT_NAME = "probabilities";

  /** Metadata key of the class names, a JSON array of strings in output order. */
  public static final String CLASS_NAMES_KEY = "topiary.classNames";

  /** Metadata key of one example's input shape, e.g. {@code [1, 28, 28]} or {@code [784]}. */
  public static final String INPUT_SHAPE_KEY = "topiary.inputShape";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The DL4J layer types the export supports. */
  public static final List<String> SUPPORTED_LAYERS = NetworkTranslator.SUPPORTED_LAYERS;

  /** The activations the export supports. */
  public static final List<String> SUPPORTED_ACTIVATIONS = NetworkTranslator.SUPPORTED_ACTIVATIONS;

  private OnnxExporter() {}

  /**
   * Exports {@code network} (borrowed, not changed).
   *
   * @throws IllegalArgumentException if a layer, activation, preprocessor or setting cannot be
   *     exported; the message names the layer index, its type and what is supported
   */
  public static OnnxModel export(MultiLayerNetwork network) {
    return export(network, List.of());
  }

  /**
   * Exports {@code network} (borrowed, not changed) with the names of its classes, which the file
   * carries as the metadata entry {@value #CLASS_NAMES_KEY} (a JSON array, in output order).
   *
   * @param classNames one name per output class, or an empty list for none
   * @throws IllegalArgumentException as {@link #export(MultiLayerNetwork)}, or if the number of
   *     names differs from the number of classes
   */
  public static OnnxModel export(MultiLayerNetwork network, List<String> classNames) {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    return export(network, Map.of(), describe(network), classNames);
  }

  /**
   * Exports the network of {@code model} (borrowed, not changed); parameters with a pruning mask
   * are exported multiplied by it, so masked weights are exactly zero.
   *
   * @throws IllegalArgumentException as {@link #export(MultiLayerNetwork)}
   */
  public static OnnxModel export(NetworkModel model) {
    return export(model, List.of());
  }

  /**
   * Exports the network of {@code model} as {@link #export(NetworkModel)} does, with the names of
   * its classes (see {@link #export(MultiLayerNetwork, List)}).
   *
   * @throws IllegalArgumentException as {@link #export(MultiLayerNetwork, List)}
   */
  public static OnnxModel export(NetworkModel model, List<String> classNames) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return export(model.network(), model.masks(), model.describe(), classNames);
  }

  /**
   * Exports a compiled runtime model (read only) with its class names: int8 dense and convolution
   * layers (the output of {@code quantize.int8}) in QDQ form ({@code QuantizeLinear →
   * DequantizeLinear} on the input, int8 weights with per-channel scales and int32 bias through
   * {@code DequantizeLinear}, a float {@code Gemm} or {@code Conv}), which ONNX Runtime fuses into
   * integer kernels; float layers as float operators. The graph takes the rows the runtime model takes
   * (raw rows if it carries input scaling).
   *
   * @throws IllegalArgumentException if a layer cannot be exported (e.g. a dynamically quantized one);
   *     the message names the layer's index, name and type
   */
  public static OnnxModel export(RuntimeModel model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    NetworkTranslator.Translation translation = RuntimeModelTranslator.translate(model, INPUT_NAME, OUTPUT_NAME,
        "Exported by Topiary from a runtime model: " + model);
    return model(translation, model.classNames(), "Topiary runtime model " + model);
  }

  private static OnnxModel export(MultiLayerNetwork network, Map<String, INDArray> masks, String description,
      List<String> classNames) {
    List<String> names = List.copyOf(classNames == null ? List.of() : classNames);
    NetworkTranslator.Translation translation = NetworkTranslator.translate(network, masks, INPUT_NAME,
        OUTPUT_NAME, "Exported by Topiary from a DL4J MultiLayerNetwork: " + description);
    if (!names.isEmpty() && names.size() != translation.classCount()) {
      throw new IllegalArgumentException("classNames must name each of the network's " + translation.classCount()
          + " classes, got " + names.size() + " names");
    }
    return model(translation, names, "DL4J network " + description);
  }

  private static OnnxModel model(NetworkTranslator.Translation translation, List<String> names, String doc) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(INPUT_SHAPE_KEY, Arrays.toString(translation.imageShape().length == 0
        ? new long[] {translation.inputSize()} : translation.imageShape()));
    if (!names.isEmpty()) {
      metadata.put(CLASS_NAMES_KEY, json(names));
    }
    return new OnnxModel(modelBytes(translation.graph(), doc, metadata),
        translation.inputSize(), translation.imageShape(), translation.classCount(), names,
        translation.graph().operators(), translation.graph().initializerValues());
  }

  /** The serialized model of {@code graph}: IR version {@value #IR_VERSION}, opset {@value #OPSET}. */
  static byte[] modelBytes(OnnxGraph graph, String documentation) {
    return modelBytes(graph, documentation, Map.of());
  }

  private static byte[] modelBytes(OnnxGraph graph, String documentation, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("topiary")
        .setDomain("dev.topiary")
        .setModelVersion(1)
        .setDocString(documentation)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph.build());
    metadata.forEach((key, value) -> model.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build().toByteArray();
  }

  private static String json(List<String> names) {
    try {
      return JSON.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the class names as JSON", e);
    }
  }

  private static String describe(MultiLayerNetwork network) {
    StringJoiner joiner = new StringJoiner(" → ");
    joiner.add("in " + NetworkModel.inputSize(network));
    for (int i = 0; i < network.getnLayers(); i++) {
      joiner.add(network.getLayerWiseConfigurations().getConf(i).getLayer().getClass().getSimpleName());
    }
    return joiner.toString();
  }
}
