package dev.topiary.deploy.onnx;

import dev.topiary.core.model.NetworkModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Translates one DL4J network, layer by layer, into an {@link OnnxGraph}. It follows DL4J's own
 * inference arithmetic: dense {@code x·W + b} with {@code W} of shape [nIn, nOut]; convolution
 * weights [out, in, kH, kW] on NCHW images; DL4J's {@code Same} mode pads
 * {@code floor(total/2)} before and the rest after (ONNX's SAME_UPPER), written as explicit pads;
 * average pooling excludes padding from the divisor unless the layer says otherwise; batch
 * normalisation uses the global mean and variance ({@code (10^log10stdev)^2} when the layer stores
 * the log standard deviation) with the layer's epsilon, and, like DL4J, without the activation the
 * layer may be configured with; {@code CnnToFeedForwardPreProcessor} flattens
 * NCHW in c order, which is ONNX {@code Flatten(axis=1)}.
 */
final class NetworkTranslator {

  /** Layer configurations the export understands (exact classes, not subclasses). */
  static final List<String> SUPPORTED_LAYERS = List.of("DenseLayer", "OutputLayer", "ConvolutionLayer",
      "SubsamplingLayer", "BatchNormalization", "ActivationLayer", "DropoutLayer");

  /** Activations the export understands, by DL4J's {@code Activation} name. */
  static final List<String> SUPPORTED_ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "tanh", "sigmoid",
      "softmax", "identity");

  static final List<String> SUPPORTED_PREPROCESSORS = List.of("FeedForwardToCnnPreProcessor",
      "CnnToFeedForwardPreProcessor");

  private final MultiLayerNetwork network;
  private final Map<String, INDArray> masks;
  private final OnnxGraph graph;

  private String current;
  /** Channels, height and width while the activations are images; channels is -1 for flat rows. */
  private long channels = -1;
  private long height;
  private long width;
  /** Width of flat rows while the activations are rows. */
  private long features;

  private NetworkTranslator(MultiLayerNetwork network, Map<String, INDArray> masks, OnnxGraph graph) {
    this.network = network;
    this.masks = masks;
    this.graph = graph;
  }

  /**
   * Builds the graph of {@code network}: input {@code inputName} of shape [N, inputSize], output
   * {@code outputName} of shape [N, classCount]. Parameters named in {@code masks} are multiplied
   * by their mask.
   *
   * @throws IllegalArgumentException naming the layer index, its type and what is supported, if a
   *     layer, activation, preprocessor or setting cannot be exported
   */
  static Translation translate(MultiLayerNetwork network, Map<String, INDArray> masks, String inputName,
      String outputName, String documentation) {
    if (network.params() == null) {
      throw new IllegalArgumentException("the network is not initialised (call init() first)");
    }
    OnnxGraph graph = new OnnxGraph("topiary", documentation);
    NetworkTranslator translator = new NetworkTranslator(network, masks, graph);
    int inputSize = NetworkModel.inputSize(network);
    int classCount = NetworkModel.classCount(network);
    graph.input(inputName, inputSize);
    translator.current = inputName;
    translator.features = inputSize;
    long[] imageShape = translator.translateLayers();
    if (translator.channels >= 0 || translator.features != classCount) {
      throw new IllegalArgumentException("the network's last layer gives " + translator.shapeText()
          + ", expected rows of " + classCount + " class scores");
    }
    if (translator.current.equals(graph.lastOutput())) {
      graph.renameLastOutput(outputName);
    } else {
      graph.node("Identity", outputName, translator.current).add();
    }
    graph.output(outputName, classCount);
    return new Translation(graph, inputSize, imageShape, classCount);
  }

  /** The built graph and the shapes it was built for. */
  record Translation(OnnxGraph graph, int inputSize, long[] imageShape, int classCount) {}

  private long[] translateLayers() {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    long[] imageShape = new long[0];
    for (int i = 0; i < network.getnLayers(); i++) {
      InputPreProcessor pre = conf.getInputPreProcess(i);
      if (pre != null) {
        preprocess(i, pre);
        if (i == 0 && channels >= 0) {
          imageShape = new long[] {channels, height, width};
        }
      }
      Layer layer = conf.getConf(i).getLayer();
      Class<?> type = layer.getClass();
      if (type == DenseLayer.class) {
        DenseLayer dense = (DenseLayer) layer;
        if (dense.hasLayerNorm()) {
          throw unsupported(i, layer, "layer normalisation (hasLayerNorm) cannot be exported to ONNX");
        }
        dense(i, layer, dense.getNIn(), dense.getNOut(), dense.hasBias(), dense.getActivationFn());
      } else if (type == OutputLayer.class) {
        OutputLayer output = (OutputLayer) layer;
        dense(i, layer, output.getNIn(), output.getNOut(), output.hasBias(), output.getActivationFn());
      } else if (type == ConvolutionLayer.class) {
        convolution(i, (ConvolutionLayer) layer);
      } else if (type == SubsamplingLayer.class) {
        pooling(i, (SubsamplingLayer) layer);
      } else if (type == BatchNormalization.class) {
        batchNormalization(i, (BatchNormalization) layer);
      } else if (type == ActivationLayer.class) {
        current = activation(i, layer, ((ActivationLayer) layer).getActivationFn(), "act");
      } else if (type == DropoutLayer.class) {
        // dropout does nothing at inference
        continue;
      } else {
        throw new IllegalArgumentException("layer " + i + " (" + type.getSimpleName()
            + "): cannot be exported to ONNX; supported layers: " + SUPPORTED_LAYERS);
      }
    }
    return imageShape;
  }

  private void preprocess(int i, InputPreProcessor pre) {
    if (pre.getClass() == FeedForwardToCnnPreProcessor.class) {
      FeedForwardToCnnPreProcessor cnn = (FeedForwardToCnnPreProcessor) pre;
      long size = cnn.getNumChannels() * cnn.getInputHeight() * cnn.getInputWidth();
      if (channels >= 0 || features != size) {
        throw new IllegalArgumentException("layer " + i + ": input preprocessor FeedForwardToCnnPreProcessor expects "
            + "rows of " + size + " features, got " + shapeText());
      }
      String shape = graph.longs("layer" + i + "/image_shape", -1, cnn.getNumChannels(), cnn.getInputHeight(),
          cnn.getInputWidth());
      current = graph.node("Reshape", "layer" + i + "/to_image", current, shape).add();
      channels = cnn.getNumChannels();
      height = cnn.getInputHeight();
      width = cnn.getInputWidth();
    } else if (pre.getClass() == CnnToFeedForwardPreProcessor.class) {
      CnnToFeedForwardPreProcessor flat = (CnnToFeedForwardPreProcessor) pre;
      if (flat.getFormat() != CNN2DFormat.NCHW) {
        throw new IllegalArgumentException("layer " + i + ": input preprocessor CnnToFeedForwardPreProcessor with "
            + "data format " + flat.getFormat() + " cannot be exported to ONNX; supported: [NCHW]");
      }
      if (channels < 0) {
        throw new IllegalArgumentException("layer " + i + ": input preprocessor CnnToFeedForwardPreProcessor "
            + "expects images, got " + shapeText());
      }
      current = graph.node("Flatten", "layer" + i + "/flatten", current).integer("axis", 1).add();
      features = channels * height * width;
      channels = -1;
    } else {
      throw new IllegalArgumentException("layer " + i + ": input preprocessor " + pre.getClass().getSimpleName()
          + " cannot be exported to ONNX; supported: " + SUPPORTED_PREPROCESSORS);
    }
  }

  private void dense(int i, Layer layer, long nIn, long nOut, boolean hasBias, IActivation activation) {
    if (channels >= 0) {
      throw unsupported(i, layer, "needs flat rows, got " + shapeText()
          + " (a CnnToFeedForwardPreProcessor flattens them)");
    }
    if (features != nIn) {
      throw unsupported(i, layer, "expects rows of " + nIn + " features, got " + shapeText());
    }
    String prefix = "layer" + i;
    String weights = graph.floats(prefix + "/W", values(i, "W"), nIn, nOut);
    OnnxGraph.NodeBuilder gemm = hasBias
        ? graph.node("Gemm", prefix + "/gemm", current, weights, graph.floats(prefix + "/b", values(i, "b"), nOut))
        : graph.node("Gemm", prefix + "/gemm", current, weights);
    current = gemm.add();
    features = nOut;
    current = activation(i, layer, activation, "act");
  }

  private void convolution(int i, ConvolutionLayer conv) {
    requireImages(i, conv);
    requireNchw(i, conv, conv.getCnn2dDataFormat());
    long in = conv.getNIn();
    long out = conv.getNOut();
    if (channels != in) {
      throw unsupported(i, conv, "expects images of " + in + " channels, got " + shapeText());
    }
    int[] kernel = conv.getKernelSize();
    int[] stride = conv.getStride();
    int[] dilation = conv.getDilation();
    long[] pads = pads(i, conv, conv.getConvolutionMode(), kernel, stride, conv.getPadding(), dilation);
    String prefix = "layer" + i;
    String weights = graph.floats(prefix + "/W", values(i, "W"), out, in, kernel[0], kernel[1]);
    OnnxGraph.NodeBuilder node = conv.hasBias()
        ? graph.node("Conv", prefix + "/conv", current, weights, graph.floats(prefix + "/b", values(i, "b"), out))
        : graph.node("Conv", prefix + "/conv", current, weights);
    current = node.ints("kernel_shape", kernel[0], kernel[1])
        .ints("strides", stride[0], stride[1])
        .ints("pads", pads)
        .ints("dilations", dilation[0], dilation[1])
        .integer("group", 1)
        .add();
    setOutputSize(i, conv, conv.getConvolutionMode(), kernel, stride, pads, dilation);
    channels = out;
    current = activation(i, conv, conv.getActivationFn(), "act");
  }

  private void pooling(int i, SubsamplingLayer pool) {
    requireImages(i, pool);
    requireNchw(i, pool, pool.getCnn2dDataFormat());
    int[] kernel = pool.getKernelSize();
    int[] stride = pool.getStride();
    int[] dilation = pool.getDilation();
    long[] pads = pads(i, pool, pool.getConvolutionMode(), kernel, stride, pool.getPadding(), dilation);
    String prefix = "layer" + i;
    OnnxGraph.NodeBuilder node;
    if (pool.getPoolingType() == PoolingType.MAX) {
      node = graph.node("MaxPool", prefix + "/maxpool", current).ints("dilations", dilation[0], dilation[1]);
    } else if (pool.getPoolingType() == PoolingType.AVG) {
      if (dilation[0] != 1 || dilation[1] != 1) {
        throw unsupported(i, pool, "average pooling with dilation " + Arrays.toString(dilation)
            + " cannot be exported to ONNX opset " + OnnxExporter.OPSET + "; supported: [1, 1]");
      }
      node = graph.node("AveragePool", prefix + "/avgpool", current)
          .integer("count_include_pad", pool.isAvgPoolIncludePadInDivisor() ? 1 : 0);
    } else {
      throw unsupported(i, pool, "pooling type " + pool.getPoolingType()
          + " cannot be exported to ONNX; supported: [MAX, AVG]");
    }
    current = node.ints("kernel_shape", kernel[0], kernel[1])
        .ints("strides", stride[0], stride[1])
        .ints("pads", pads)
        .add();
    setOutputSize(i, pool, pool.getConvolutionMode(), kernel, stride, pads, dilation);
  }

  private void batchNormalization(int i, BatchNormalization norm) {
    if (norm.isLockGammaBeta()) {
      throw unsupported(i, norm, "lockGammaBeta cannot be exported to ONNX; train with learned gamma and beta");
    }
    long size = norm.getNOut();
    if (channels >= 0) {
      requireNchw(i, norm, norm.getCnn2DFormat());
      if (channels != size) {
        throw unsupported(i, norm, "expects " + size + " channels, got " + shapeText());
      }
    } else if (features != size) {
      throw unsupported(i, norm, "expects rows of " + size + " features, got " + shapeText());
    }
    String prefix = "layer" + i;
    float[] variance;
    if (norm.isUseLogStd()) {
      variance = values(i, "log10stdev");
      for (int k = 0; k < variance.length; k++) {
        float std = (float) Math.pow(10.0, variance[k]);
        variance[k] = std * std;
      }
    } else {
      variance = values(i, "var");
    }
    current = graph.node("BatchNormalization", prefix + "/batchnorm", current,
            graph.floats(prefix + "/gamma", values(i, "gamma"), size),
            graph.floats(prefix + "/beta", values(i, "beta"), size),
            graph.floats(prefix + "/mean", values(i, "mean"), size),
            graph.floats(prefix + "/var", variance, size))
        .real("epsilon", (float) norm.getEps())
        .add();
    // DL4J's BatchNormalization layer never applies its configured activation (its activate() is
    // the normalisation alone), so neither does the export
  }

  private String activation(int i, Layer layer, IActivation fn, String suffix) {
    String name = "layer" + i + "/" + suffix;
    if (fn == null || fn instanceof ActivationIdentity) {
      return current;
    }
    if (fn instanceof ActivationReLU relu) {
      boolean noThreshold = relu.getThreshold() == null || relu.getThreshold() == 0.0;
      boolean noSlope = relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0.0;
      if (!noThreshold || !noSlope) {
        throw unsupported(i, layer, "ReLU with a threshold or a negative slope cannot be exported to ONNX; "
            + "supported: plain ReLU, optionally with a maximum");
      }
      if (relu.getMax() == null) {
        return graph.node("Relu", name, current).add();
      }
      String min = graph.floats(name + "/min", new float[] {0f});
      String max = graph.floats(name + "/max", new float[] {relu.getMax().floatValue()});
      return graph.node("Clip", name, current, min, max).add();
    }
    if (fn instanceof ActivationLReLU leaky) {
      return graph.node("LeakyRelu", name, current).real("alpha", (float) leaky.getAlpha()).add();
    }
    if (fn instanceof ActivationELU elu) {
      return graph.node("Elu", name, current).real("alpha", (float) elu.getAlpha()).add();
    }
    if (fn instanceof ActivationTanH) {
      return graph.node("Tanh", name, current).add();
    }
    if (fn instanceof ActivationSigmoid) {
      return graph.node("Sigmoid", name, current).add();
    }
    if (fn instanceof ActivationSoftmax) {
      if (channels >= 0) {
        throw unsupported(i, layer, "softmax over images cannot be exported to ONNX; supported: softmax over rows");
      }
      return graph.node("Softmax", name, current).integer("axis", 1).add();
    }
    throw unsupported(i, layer, "activation " + fn + " cannot be exported to ONNX; supported: "
        + SUPPORTED_ACTIVATIONS);
  }

  /** ONNX pads [top, left, bottom, right] of a convolution or pooling layer on the current images. */
  private long[] pads(int i, Layer layer, ConvolutionMode mode, int[] kernel, int[] stride, int[] padding,
      int[] dilation) {
    if (mode == ConvolutionMode.Same) {
      long[] pads = new long[4];
      long[] in = {height, width};
      for (int d = 0; d < 2; d++) {
        long out = (in[d] + stride[d] - 1) / stride[d];
        long effective = (long) (kernel[d] - 1) * dilation[d] + 1;
        long total = Math.max(0, (out - 1) * stride[d] + effective - in[d]);
        pads[d] = total / 2;
        pads[d + 2] = total - total / 2;
      }
      return pads;
    }
    if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
      return new long[] {padding[0], padding[1], padding[0], padding[1]};
    }
    throw unsupported(i, layer, "convolution mode " + mode + " cannot be exported to ONNX; supported: "
        + "[Same, Truncate, Strict]");
  }

  private void setOutputSize(int i, Layer layer, ConvolutionMode mode, int[] kernel, int[] stride, long[] pads,
      int[] dilation) {
    long[] in = {height, width};
    long[] out = new long[2];
    for (int d = 0; d < 2; d++) {
      long effective = (long) (kernel[d] - 1) * dilation[d] + 1;
      long padded = in[d] + pads[d] + pads[d + 2];
      if (padded < effective) {
        throw unsupported(i, layer, "kernel " + kernel[0] + "x" + kernel[1] + " does not fit " + shapeText());
      }
      out[d] = mode == ConvolutionMode.Same ? (in[d] + stride[d] - 1) / stride[d]
          : (padded - effective) / stride[d] + 1;
    }
    height = out[0];
    width = out[1];
  }

  private void requireImages(int i, Layer layer) {
    if (channels < 0) {
      throw unsupported(i, layer, "needs images of a known shape (a FeedForwardToCnnPreProcessor before it, as "
          + "InputType.convolutionalFlat sets up), got " + shapeText());
    }
  }

  private static void requireNchw(int i, Layer layer, CNN2DFormat format) {
    if (format != null && format != CNN2DFormat.NCHW) {
      throw unsupported(i, layer, "data format " + format + " cannot be exported to ONNX; supported: [NCHW]");
    }
  }

  private static IllegalArgumentException unsupported(int i, Layer layer, String what) {
    return new IllegalArgumentException("layer " + i + " (" + layer.getClass().getSimpleName() + "): " + what);
  }

  private String shapeText() {
    return channels >= 0 ? "images of " + channels + "x" + height + "x" + width + " (channels x height x width)"
        : "rows of " + features + " features";
  }

  /** A parameter's values in row-major order, as float, multiplied by its mask if it has one. */
  private float[] values(int layer, String name) {
    String key = layer + "_" + name;
    INDArray param = network.getParam(key);
    if (param == null) {
      throw new IllegalArgumentException("layer " + layer + ": parameter '" + key + "' is missing");
    }
    float[] values;
    try (INDArray contiguous = param.castTo(DataType.FLOAT).dup('c')) {
      values = contiguous.data().asFloat();
    }
    INDArray mask = masks.get(key);
    if (mask != null) {
      float[] keep;
      try (INDArray contiguous = mask.castTo(DataType.FLOAT).dup('c')) {
        keep = contiguous.data().asFloat();
      }
      for (int k = 0; k < values.length; k++) {
        values[k] *= keep[k];
      }
    }
    return values;
  }
}
