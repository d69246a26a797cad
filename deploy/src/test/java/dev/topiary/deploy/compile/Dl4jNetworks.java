package dev.topiary.deploy.compile;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FeatureShape;
import dev.topiary.core.model.TrainSpec;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny seeded DL4J networks and data for the compiler tests. */
final class Dl4jNetworks {

  private Dl4jNetworks() {}

  /** Random rows, a tenth of them zero, seeded. */
  static float[] rows(int count, int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[count * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() < 0.1 ? 0f : (float) random.nextDouble();
    }
    return x;
  }

  /** A labelled dataset of random rows (images when shape is given). */
  static Dataset data(int rows, int features, int classes, FeatureShape shape, long seed) {
    Random random = new Random(seed);
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = random.nextInt(classes);
    }
    return new Dataset(rows(rows, features, seed + 1), labels, features, classes, shape, List.of());
  }

  /** One of Topiary's architectures, initialised (untrained) with a seed. */
  static MultiLayerNetwork architecture(String name, List<Integer> hidden, String activation, Dataset data,
      long seed) {
    TrainSpec spec = new TrainSpec(name, hidden, activation, 1, 8, 0.001, "adam", 0.0, seed);
    MultiLayerNetwork network = new MultiLayerNetwork(spec.configuration(data, seed));
    network.init();
    return network;
  }

  /** A network of {@code layers} for flat rows of {@code features} or images of {@code shape}. */
  static MultiLayerNetwork network(long seed, InputType input, Layer... layers) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
        .dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
    for (Layer layer : layers) {
      list.layer(layer);
    }
    MultiLayerConfiguration conf = list.setInputType(input).build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  /** Replaces every bias and batch-norm parameter by seeded non-trivial values (variance stays positive). */
  static void randomiseAllParameters(MultiLayerNetwork network, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < network.getnLayers(); i++) {
      for (var entry : network.getLayer(i).paramTable().entrySet()) {
        INDArray p = entry.getValue();
        float[] v = new float[(int) p.length()];
        for (int k = 0; k < v.length; k++) {
          v[k] = switch (entry.getKey()) {
            case "var" -> 0.2f + random.nextFloat();
            case "log10stdev" -> (float) (random.nextGaussian() * 0.2);
            case "gamma" -> 0.5f + random.nextFloat();
            default -> (float) (random.nextGaussian() * 0.3);
          };
        }
        network.getLayer(i).setParam(entry.getKey(), Nd4j.create(v, p.shape(), p.ordering()));
      }
    }
  }

  /** The network's probabilities for {@code rows} flat rows. */
  static float[] output(MultiLayerNetwork network, float[] x, int rows) {
    try (INDArray in = Nd4j.create(x, new long[] {rows, x.length / rows}, 'c');
        INDArray out = network.output(in, false);
        INDArray c = out.dup('c')) {
      return c.data().asFloat();
    }
  }
}
