package dev.topiary.deploy.compile;

import dev.topiary.deploy.compile.LayerPlan.Act;
import dev.topiary.deploy.compile.LayerPlan.Conv;
import dev.topiary.deploy.compile.LayerPlan.Dense;
import dev.topiary.deploy.compile.LayerPlan.Flatten;
import dev.topiary.deploy.compile.LayerPlan.Pool;
import dev.topiary.runtime.Activation;
import dev.topiary.runtime.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
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
 * Translates a DL4J {@link MultiLayerNetwork} into runtime layer plans with DL4J's exact
 * inference semantics: dense weights transposed to {@code [out][in]}, convolution and pooling
 * padding as DL4J's {@link ConvolutionMode} computes it, {@code CnnToFeedForwardPreProcessor} as an
 * NCHW flatten, batch normalisation folded into the layer before it, masked weights as zeros.
 */
final class NetworkTranslator {

  static final String SUPPORTED = "supported: DenseLayer, OutputLayer, ConvolutionLayer (NCHW, no dilation, "
      + "Same/Truncate/Strict mode), SubsamplingLayer (max, avg), BatchNormalization (after a dense or "
      + "convolution layer with identity activation), ActivationLayer, DropoutLayer (inference: identity); "
      + "activations identity, relu, leakyrelu, elu, tanh, sigmoid, softmax";

  /** The translation: input shape and layers. */
  record Translation(int[] inputShape, List<LayerPlan> plans) {}

  private final MultiLayerNetwork network;
  private final Map<String, INDArray> masks;
  private final List<LayerPlan> plans = new ArrayList<>();
  private int[] shape;

  private NetworkTranslator(MultiLayerNetwork network, Map<String, INDArray> masks) {
    this.network = network;
    this.masks = masks;
  }

  /**
   * Translates {@code network}; entries of {@code masks} (DL4J parameter keys to 0/1 arrays) zero
   * the weights they mask.
   *
   * @throws IllegalArgumentException naming the layer's index and type and what is supported
   */
  static Translation translate(MultiLayerNetwork network, Map<String, INDArray> masks) {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    NetworkTranslator translator = new NetworkTranslator(network, masks == null ? Map.of() : masks);
    int[] inputShape = translator.run();
    return new Translation(inputShape, List.copyOf(translator.plans));
  }

  private int[] run() {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    int count = network.getnLayers();
    if (count == 0) {
      throw new IllegalArgumentException("the network has no layers");
    }
    int[] inputShape = inputShape(conf);
    shape = inputShape.clone();
    for (int i = 0; i < count; i++) {
      Layer layer = conf.getConf(i).getLayer();
      String source = "layer " + i + " (" + layer.getClass().getSimpleName() + ")";
      InputPreProcessor pre = conf.getInputPreProcess(i);
      if (pre != null && !(i == 0 && pre instanceof FeedForwardToCnnPreProcessor)) {
        preprocessor(i, pre, source);
      }
      translate(i, layer, source);
    }
    if (shape.length != 1) {
      throw new IllegalArgumentException("the network's last layer gives shape " + java.util.Arrays.toString(shape)
          + "; it must end in a dense or output layer");
    }
    return inputShape;
  }

  private int[] inputShape(MultiLayerConfiguration conf) {
    InputPreProcessor pre = conf.getInputPreProcess(0);
    Layer first = conf.getConf(0).getLayer();
    if (pre instanceof FeedForwardToCnnPreProcessor cnn) {
      return new int[] {Math.toIntExact(cnn.getNumChannels()), Math.toIntExact(cnn.getInputHeight()),
          Math.toIntExact(cnn.getInputWidth())};
    }
    if (pre != null) {
      throw new IllegalArgumentException("layer 0: input preprocessor " + pre.getClass().getSimpleName()
          + " is not supported; " + SUPPORTED);
    }
    if (first instanceof DenseLayer || first instanceof OutputLayer) {
      return new int[] {Math.toIntExact(((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) first).getNIn())};
    }
    throw new IllegalArgumentException("layer 0 (" + first.getClass().getSimpleName() + ") takes images, but the "
        + "network has no FeedForwardToCnnPreProcessor to say their shape; build it with "
        + "setInputType(InputType.convolutionalFlat(height, width, channels))");
  }

  private void preprocessor(int i, InputPreProcessor pre, String source) {
    if (pre instanceof CnnToFeedForwardPreProcessor cnn) {
      if (cnn.getFormat() != CNN2DFormat.NCHW) {
        throw new IllegalArgumentException(source + ": preprocessor format " + cnn.getFormat()
            + " is not supported; only NCHW");
      }
      if (shape.length != 3) {
        throw new IllegalArgumentException(source + ": CnnToFeedForwardPreProcessor needs image activations, got "
            + java.util.Arrays.toString(shape));
      }
      plans.add(new Flatten("preprocessor of " + source));
      shape = new int[] {shape[0] * shape[1] * shape[2]};
      return;
    }
    throw new IllegalArgumentException(source + ": input preprocessor " + pre.getClass().getSimpleName()
        + " is not supported; " + SUPPORTED);
  }

  private void translate(int i, Layer layer, String source) {
    Class<?> type = layer.getClass();
    if (type == DenseLayer.class || type == OutputLayer.class) {
      dense(i, (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer, source);
    } else if (type == ConvolutionLayer.class) {
      conv(i, (ConvolutionLayer) layer, source);
    } else if (type == SubsamplingLayer.class) {
      pool((SubsamplingLayer) layer, source);
    } else if (type == BatchNormalization.class) {
      batchNorm(i, (BatchNormalization) layer, source);
    } else if (type == ActivationLayer.class) {
      plans.add(new Act(source, activation(((ActivationLayer) layer).getActivationFn(), source)));
    } else if (type == DropoutLayer.class) {
      return; // identity at inference
    } else {
      throw new IllegalArgumentException(source + " is not supported; " + SUPPORTED);
    }
  }

  private void dense(int i, org.deeplearning4j.nn.conf.layers.FeedForwardLayer layer, String source) {
    if (shape.length != 1) {
      throw new IllegalArgumentException(source + " gets image activations " + java.util.Arrays.toString(shape)
          + " without a CnnToFeedForwardPreProcessor");
    }
    int in = Math.toIntExact(layer.getNIn());
    int out = Math.toIntExact(layer.getNOut());
    if (in != shape[0]) {
      throw new IllegalArgumentException(source + " takes " + in + " inputs, but the layer before gives " + shape[0]);
    }
    float[] inOut = parameter(i, "W", source);
    float[] weights = new float[in * out];
    for (int r = 0; r < in; r++) {
      for (int c = 0; c < out; c++) {
        weights[c * in + r] = inOut[r * out + c];
      }
    }
    float[] bias = bias(i, out, ((BaseLayer) layer), source);
    plans.add(new Dense(source, out, weights, bias, activation(((BaseLayer) layer).getActivationFn(), source)));
    shape = new int[] {out};
  }

  private void conv(int i, ConvolutionLayer layer, String source) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(source + " needs image activations, got " + java.util.Arrays.toString(shape));
    }
    if (layer.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException(source + ": data format " + layer.getCnn2dDataFormat()
          + " is not supported; only NCHW");
    }
    int inC = Math.toIntExact(layer.getNIn());
    int outC = Math.toIntExact(layer.getNOut());
    if (inC != shape[0]) {
      throw new IllegalArgumentException(source + " takes " + inC + " channels, but the layer before gives "
          + shape[0]);
    }
    Window window = window(layer.getKernelSize(), layer.getStride(), layer.getPadding(), layer.getDilation(),
        layer.getConvolutionMode(), source);
    float[] weights = parameter(i, "W", source);
    float[] bias = layer.hasBias() ? parameter(i, "b", source) : new float[outC];
    plans.add(new Conv(source, outC, window, weights, bias, activation(layer.getActivationFn(), source)));
    shape = new int[] {outC, outputSize(shape[1], window.kernelHeight(), window.strideHeight(), window.padTop(),
        window.padBottom()), outputSize(shape[2], window.kernelWidth(), window.strideWidth(), window.padLeft(),
        window.padRight())};
  }

  private void pool(SubsamplingLayer layer, String source) {
    if (shape.length != 3) {
      throw new IllegalArgumentException(source + " needs image activations, got " + java.util.Arrays.toString(shape));
    }
    if (layer.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException(source + ": data format " + layer.getCnn2dDataFormat()
          + " is not supported; only NCHW");
    }
    PoolingType type = layer.getPoolingType();
    if (type != PoolingType.MAX && type != PoolingType.AVG) {
      throw new IllegalArgumentException(source + ": pooling type " + type + " is not supported; " + SUPPORTED);
    }
    Window window = window(layer.getKernelSize(), layer.getStride(), layer.getPadding(), layer.getDilation(),
        layer.getConvolutionMode(), source);
    plans.add(new Pool(source, type == PoolingType.MAX, window, layer.isAvgPoolIncludePadInDivisor()));
    shape = new int[] {shape[0], outputSize(shape[1], window.kernelHeight(), window.strideHeight(), window.padTop(),
        window.padBottom()), outputSize(shape[2], window.kernelWidth(), window.strideWidth(), window.padLeft(),
        window.padRight())};
  }

  /**
   * Folds {@code y = gamma (x - mean) / sqrt(var + eps) + beta} into the weights and bias of the
   * dense or convolution layer before it, per output (channel).
   */
  private void batchNorm(int i, BatchNormalization layer, String source) {
    LayerPlan previous = plans.isEmpty() ? null : plans.get(plans.size() - 1);
    Activation previousActivation = previous instanceof Dense d ? d.activation()
        : previous instanceof Conv c ? c.activation() : null;
    if (previousActivation == null || !previousActivation.equals(Activation.IDENTITY)) {
      throw new IllegalArgumentException(source + " can only be folded into a dense or convolution layer with "
          + "identity activation right before it, but it follows "
          + (previous == null ? "the input" : previous.source() + (previousActivation == null ? ""
          : " with activation " + previousActivation)) + "; " + SUPPORTED);
    }
    int n = Math.toIntExact(layer.getNOut());
    float[] mean = parameter(i, "mean", source);
    float[] variance;
    if (layer.isUseLogStd()) {
      float[] log10std = parameter(i, "log10stdev", source);
      variance = new float[n];
      for (int k = 0; k < n; k++) {
        double std = Math.pow(10, log10std[k]);
        variance[k] = (float) (std * std);
      }
    } else {
      variance = parameter(i, "var", source);
    }
    float[] gamma = new float[n];
    float[] beta = new float[n];
    if (layer.isLockGammaBeta()) {
      // DL4J applies locked gamma and beta only when both differ from their defaults
      boolean apply = layer.getGamma() != 1.0 && layer.getBeta() != 0.0;
      java.util.Arrays.fill(gamma, apply ? (float) layer.getGamma() : 1f);
      java.util.Arrays.fill(beta, apply ? (float) layer.getBeta() : 0f);
    } else {
      gamma = parameter(i, "gamma", source);
      beta = parameter(i, "beta", source);
    }
    float[] weights = previous.weights().clone();
    float[] bias = previous instanceof Dense d ? d.bias().clone() : ((Conv) previous).bias().clone();
    if (mean.length != n || variance.length != n || gamma.length != n || beta.length != n || bias.length != n) {
      throw new IllegalArgumentException(source + " has " + n + " features, but the layer before has "
          + bias.length + " outputs");
    }
    int perOutput = weights.length / n;
    for (int o = 0; o < n; o++) {
      float std = (float) Math.sqrt(variance[o] + layer.getEps());
      float scale = gamma[o] / std;
      for (int k = o * perOutput; k < (o + 1) * perOutput; k++) {
        weights[k] *= scale;
      }
      bias[o] = (bias[o] - mean[o]) * scale + beta[o];
    }
    String folded = previous.source() + " + " + source;
    plans.set(plans.size() - 1, previous instanceof Dense d
        ? new Dense(folded, d.outputs(), weights, bias, Activation.IDENTITY)
        : new Conv(folded, ((Conv) previous).outChannels(), ((Conv) previous).window(), weights, bias,
            Activation.IDENTITY));
  }

  private Window window(int[] kernel, int[] stride, int[] padding, int[] dilation, ConvolutionMode mode,
      String source) {
    if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
      throw new IllegalArgumentException(source + ": dilation " + java.util.Arrays.toString(dilation)
          + " is not supported; only 1x1");
    }
    if (mode == ConvolutionMode.Same) {
      int[] pads = new int[4];
      for (int d = 0; d < 2; d++) {
        int in = shape[1 + d];
        int out = (in + stride[d] - 1) / stride[d];
        int total = Math.max(0, (out - 1) * stride[d] + kernel[d] - in);
        pads[d] = total / 2;
        pads[2 + d] = total - total / 2;
      }
      return Window.of(kernel[0], kernel[1]).stride(stride[0], stride[1]).pad(pads[0], pads[1], pads[2], pads[3]);
    }
    if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
      return Window.of(kernel[0], kernel[1]).stride(stride[0], stride[1])
          .pad(padding[0], padding[1], padding[0], padding[1]);
    }
    throw new IllegalArgumentException(source + ": convolution mode " + mode + " is not supported; " + SUPPORTED);
  }

  private static int outputSize(int in, int kernel, int stride, int before, int after) {
    return (in + before + after - kernel) / stride + 1;
  }

  private float[] bias(int i, int out, BaseLayer layer, String source) {
    boolean hasBias = !(layer instanceof DenseLayer dense) || dense.hasBias();
    if (layer instanceof OutputLayer output) {
      hasBias = output.hasBias();
    }
    return hasBias ? parameter(i, "b", source) : new float[out];
  }

  /** A parameter as floats in C order, masked when a mask is set. */
  private float[] parameter(int i, String name, String source) {
    String key = i + "_" + name;
    INDArray param = network.getLayer(i).paramTable().get(name);
    if (param == null) {
      throw new IllegalArgumentException(source + " has no parameter '" + name + "'");
    }
    float[] values;
    try (INDArray c = param.castTo(DataType.FLOAT).dup('c')) {
      values = c.data().asFloat();
    }
    INDArray mask = masks.get(key);
    if (mask != null) {
      float[] m;
      try (INDArray c = mask.castTo(DataType.FLOAT).dup('c')) {
        m = c.data().asFloat();
      }
      for (int k = 0; k < values.length; k++) {
        if (m[k] == 0f) {
          values[k] = 0f;
        }
      }
    }
    return values;
  }

  private static Activation activation(IActivation fn, String source) {
    if (fn instanceof ActivationIdentity) {
      return Activation.IDENTITY;
    }
    if (fn instanceof ActivationReLU relu) {
      boolean plain = (relu.getMax() == null || relu.getMax() == 0.0)
          && (relu.getThreshold() == null || relu.getThreshold() == 0.0)
          && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0.0);
      if (!plain) {
        throw new IllegalArgumentException(source + ": relu with max, threshold or negative slope is not supported; "
            + SUPPORTED);
      }
      return Activation.RELU;
    }
    if (fn instanceof ActivationLReLU leaky) {
      return Activation.leakyRelu((float) leaky.getAlpha());
    }
    if (fn instanceof ActivationELU elu) {
      return Activation.elu((float) elu.getAlpha());
    }
    if (fn instanceof ActivationTanH) {
      return Activation.TANH;
    }
    if (fn instanceof ActivationSigmoid) {
      return Activation.SIGMOID;
    }
    if (fn instanceof ActivationSoftmax) {
      return Activation.SOFTMAX;
    }
    throw new IllegalArgumentException(source + ": activation " + fn + " is not supported; " + SUPPORTED);
  }
}
