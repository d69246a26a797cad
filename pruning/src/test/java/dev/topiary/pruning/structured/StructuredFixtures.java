package dev.topiary.pruning.structured;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Networks, inputs and a stage context shared by the structured pruning tests. */
final class StructuredFixtures {

  private StructuredFixtures() {}

  /**
   * conv 3×3 ×4 (ReLU) → batch norm → conv 3×3 ×3 (ReLU) → max pool 2×2 → softmax output of 2,
   * on 8×8 grey images: activations 8×8 → 6×6 → 6×6 → 4×4 → 2×2, so the output layer takes
   * 3·2·2 = 12 flattened features.
   */
  static NetworkModel convConvNet(long seed) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-2))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutionalFlat(8, 8, 1))
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return NetworkModel.owning(network);
  }

  /** {@code rows × features} seeded Gaussian inputs. */
  static INDArray inputs(long seed, int rows, int features) {
    Random random = new Random(seed);
    float[] values = new float[rows * features];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(values, new long[] {rows, features}, 'c');
  }

  /** The network's output for {@code input}, as doubles. */
  static double[] output(NetworkModel model, INDArray input) {
    return model.network().output(input, false).dup('c').data().asDouble();
  }

  /** A copy of a parameter's values in c order. */
  static double[] values(NetworkModel model, String key) {
    return model.parameter(key).dup('c').data().asDouble();
  }

  /** A stage context named {@code stageName} over {@code train} (also used as validation and test). */
  static StageContext context(String stageName, Dataset train) {
    return new StageContext() {
      @Override
      public String stageName() {
        return stageName;
      }

      @Override
      public long seed() {
        return 17;
      }

      @Override
      public DataSplits data() {
        return new DataSplits(train, train, train);
      }

      @Override
      public Path workDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
      }

      @Override
      public ProgressReporter progress() {
        return ProgressReporter.NONE;
      }
    };
  }
}
