package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import dev.topiary.core.model.NetworkModel;
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
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    return export(network, Map.of(), describe(network));
  }

  /**
   * Exports the network of {@code model} (borrowed, not changed); parameters with a pruning mask
   * are exported multiplied by it, so masked weights are exactly zero.
   *
   * @throws IllegalArgumentException as {@link #export(MultiLayerNetwork)}
   */
  public static OnnxModel export(NetworkModel model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return export(model.network(), model.masks(), model.describe());
  }

  private static OnnxModel export(MultiLayerNetwork network, Map<String, INDArray> masks, String description) {
    NetworkTranslator.Translation translation = NetworkTranslator.translate(network, masks, INPUT_NAME,
        OUTPUT_NAME, "Exported by Topiary from a DL4J MultiLayerNetwork: " + description);
    return new OnnxModel(modelBytes(translation.graph(), "DL4J network " + description), translation.inputSize(),
        translation.imageShape(), translation.classCount(), translation.graph().operators(),
        translation.graph().initializerValues());
  }

  /** The serialized model of {@code graph}: IR version {@value #IR_VERSION}, opset {@value #OPSET}. */
  static byte[] modelBytes(OnnxGraph graph, String documentation) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("topiary")
        .setDomain("dev.topiary")
        .setModelVersion(1)
        .setDocString(documentation)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph.build())
        .build()
        .toByteArray();
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
