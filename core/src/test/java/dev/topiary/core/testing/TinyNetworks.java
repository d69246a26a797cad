package dev.topiary.core.testing;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FeatureShape;
import dev.topiary.core.model.NetworkModel;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny seeded networks and datasets for tests in every module. */
public final class TinyNetworks {

  private TinyNetworks() {}

  /**
   * A dense network {@code sizes[0] → sizes[1] → … → sizes[last]} (ReLU hidden layers, softmax
   * output, Adam 1e-2), float32, initialised with {@code seed}.
   */
  public static NetworkModel mlp(long seed, int... sizes) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-2))
        .weightInit(WeightInit.XAVIER)
        .list();
    for (int i = 1; i < sizes.length - 1; i++) {
      list.layer(new DenseLayer.Builder().nIn(sizes[i - 1]).nOut(sizes[i]).activation(Activation.RELU).build());
    }
    list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(sizes[sizes.length - 2]).nOut(sizes[sizes.length - 1]).activation(Activation.SOFTMAX).build());
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    return NetworkModel.owning(network);
  }

  /**
   * A small convolutional network on {@code side × side} grey images: conv 3×3 with {@code filters}
   * filters (ReLU), 2×2 max pooling, dense 16 (ReLU), softmax over {@code classes}.
   */
  public static NetworkModel cnn(long seed, int side, int filters, int classes) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-2))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(side, side, 1))
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return NetworkModel.owning(network);
  }

  /**
   * A learnable synthetic dataset: {@code classes} Gaussian blobs in {@code features} dimensions,
   * {@code rows} examples, drawn with {@code seed}.
   */
  public static Dataset blobs(long seed, int rows, int features, int classes) {
    Random random = new Random(seed);
    float[][] centres = new float[classes][features];
    for (float[] centre : centres) {
      for (int f = 0; f < features; f++) {
        centre[f] = (float) random.nextGaussian() * 2f;
      }
    }
    float[] x = new float[rows * features];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = r % classes;
      for (int f = 0; f < features; f++) {
        x[r * features + f] = centres[y[r]][f] + (float) random.nextGaussian() * 0.5f;
      }
    }
    return new Dataset(x, y, features, classes, null, List.of());
  }

  /** Like {@link #blobs} but shaped as {@code side × side} grey images. */
  public static Dataset imageBlobs(long seed, int rows, int side, int classes) {
    Dataset flat = blobs(seed, rows, side * side, classes);
    return new Dataset(flat.features(), flat.labels(), side * side, classes, new FeatureShape(1, side, side), List.of());
  }
}
