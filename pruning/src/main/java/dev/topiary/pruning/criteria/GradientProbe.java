package dev.topiary.pruning.criteria;

import dev.topiary.core.data.Dataset;
import dev.topiary.pruning.PrunableParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A clone of a network for computing gradients, with dropout and weight noise switched off so that
 * gradients are deterministic. The source network is never touched.
 *
 * <p>DL4J's {@code computeGradientAndScore()} leaves in {@code gradient()} the <em>sum</em> over
 * the minibatch of the per-example loss gradients (the loss functions do not average their
 * gradients; the updater divides by the batch size later), while {@code score()} is the mean loss.
 */
final class GradientProbe implements AutoCloseable {

  private final MultiLayerNetwork network;

  GradientProbe(MultiLayerNetwork source, DataType dataType) {
    this(source, dataType, conf -> { }, params -> { });
  }

  /**
   * A probe whose configuration and parameters (a fresh array of {@code dataType}) are adjusted
   * before the network is built.
   */
  GradientProbe(MultiLayerNetwork source, DataType dataType, Consumer<MultiLayerConfiguration> adjustConf,
      Consumer<INDArray> adjustParams) {
    MultiLayerConfiguration conf = source.getLayerWiseConfigurations().clone();
    conf.setDataType(dataType);
    for (NeuralNetConfiguration layer : conf.getConfs()) {
      layer.getLayer().setIDropout(null);
      if (layer.getLayer() instanceof BaseLayer base) {
        base.setWeightNoise(null);
      }
    }
    adjustConf.accept(conf);
    INDArray params = source.params().castTo(dataType).dup();
    adjustParams.accept(params);
    network = new MultiLayerNetwork(conf);
    network.init(params, false);
  }

  /** The probe's network. */
  MultiLayerNetwork network() {
    return network;
  }

  /** The sum over the rows of {@code features} of the per-example loss gradients, by parameter key. */
  Map<String, double[]> gradientSum(INDArray features, INDArray labels, List<PrunableParameter> params) {
    DataType type = network.params().dataType();
    network.setInput(features.castTo(type));
    network.setLabels(labels.castTo(type));
    network.computeGradientAndScore();
    Map<String, INDArray> gradients = network.gradient().gradientForVariable();
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (PrunableParameter param : params) {
      sums.put(param.key(), flat(gradients.get(param.key())));
    }
    return sums;
  }

  /** The mean per-example loss gradient over every row of {@code data}, in minibatches. */
  Map<String, double[]> meanGradient(Dataset data, int batchSize, List<PrunableParameter> params) {
    Map<String, double[]> sum = zeros(params);
    for (int from = 0; from < data.rows(); from += batchSize) {
      int to = Math.min(from + batchSize, data.rows());
      try (INDArray x = data.featureMatrix(from, to); INDArray y = data.oneHotLabels(from, to)) {
        add(sum, gradientSum(x, y, params));
      }
    }
    scale(sum, 1.0 / data.rows());
    return sum;
  }

  @Override
  public void close() {
    network.close();
  }

  /** The entries of {@code array} in row-major order, as doubles. */
  static double[] flat(INDArray array) {
    try (INDArray contiguous = array.dup('c')) {
      return contiguous.data().asDouble();
    }
  }

  static Map<String, double[]> zeros(List<PrunableParameter> params) {
    Map<String, double[]> zeros = new LinkedHashMap<>();
    for (PrunableParameter param : params) {
      zeros.put(param.key(), new double[Math.toIntExact(param.length())]);
    }
    return zeros;
  }

  /** {@code into += values}. */
  static void add(Map<String, double[]> into, Map<String, double[]> values) {
    into.forEach((key, target) -> {
      double[] source = values.get(key);
      for (int i = 0; i < target.length; i++) {
        target[i] += source[i];
      }
    });
  }

  /** {@code into += weight · values²}. */
  static void addSquared(Map<String, double[]> into, Map<String, double[]> values, double weight) {
    into.forEach((key, target) -> {
      double[] source = values.get(key);
      for (int i = 0; i < target.length; i++) {
        target[i] += weight * source[i] * source[i];
      }
    });
  }

  static void scale(Map<String, double[]> values, double factor) {
    for (double[] array : values.values()) {
      for (int i = 0; i < array.length; i++) {
        array[i] *= factor;
      }
    }
  }

  static void requireRows(Dataset data, String criterion) {
    if (data == null || data.rows() == 0) {
      throw new IllegalArgumentException(criterion + " needs calibration examples, got none");
    }
  }
}
