package dev.topiary.core.source;

import dev.topiary.core.data.FeatureShape;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The network configurations a {@link TrainSpec} names: mlp, lenet5 and cnn-small. */
final class Architectures {

  static final String MLP = "mlp";
  static final String LENET5 = "lenet5";
  static final String CNN_SMALL = "cnn-small";
  static final List<String> NAMES = List.of(MLP, LENET5, CNN_SMALL);
  static final List<String> UPDATERS = List.of("adam", "sgd", "nesterovs");

  /** Activations whose layers start from He ("RELU") weights instead of XAVIER. */
  private static final Set<Activation> RELU_FAMILY = EnumSet.of(Activation.RELU, Activation.RELU6,
      Activation.LEAKYRELU, Activation.RRELU, Activation.THRESHOLDEDRELU);
  private static final double NESTEROVS_MOMENTUM = 0.9;

  private Architectures() {}

  /**
   * The configuration of {@code spec}'s architecture for rows of {@code featureCount} features
   * ({@code shape} for images, or null) and {@code classCount} classes.
   */
  static MultiLayerConfiguration configure(TrainSpec spec, int featureCount, int classCount, FeatureShape shape,
      long seed) {
    NeuralNetConfiguration.Builder global = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(updater(spec.updater(), spec.learningRate()))
        .weightInit(WeightInit.XAVIER);
    if (spec.l2() > 0) {
      global.l2(spec.l2());
    }
    NeuralNetConfiguration.ListBuilder list = global.list();
    Activation activation = spec.hiddenActivation();
    WeightInit init = RELU_FAMILY.contains(activation) ? WeightInit.RELU : WeightInit.XAVIER;
    switch (spec.architecture()) {
      case MLP -> {
        long in = featureCount;
        // DL4J applies a layer's dropOut to that layer's input, and takes the probability of keeping a unit
        double drop = spec.featureDropout();
        for (int size : spec.hidden()) {
          DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(size).activation(activation)
              .weightInit(init);
          if (drop > 0) {
            dense.dropOut(1 - drop);
          }
          list.layer(dense.build());
          in = size;
          drop = spec.hiddenDropout();
        }
        OutputLayer.Builder out = output(classCount).nIn(in);
        if (drop > 0) {
          out.dropOut(1 - drop);
        }
        list.layer(out.build());
        return list.build();
      }
      case LENET5 -> {
        checkImage(spec.architecture(), featureCount, shape, 12);
        list.layer(new ConvolutionLayer.Builder(5, 5).nOut(6).padding(2, 2).activation(activation)
                .weightInit(init).build())
            .layer(maxPool())
            .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(activation).weightInit(init).build())
            .layer(maxPool())
            .layer(new DenseLayer.Builder().nOut(120).activation(activation).weightInit(init).build())
            .layer(new DenseLayer.Builder().nOut(84).activation(activation).weightInit(init).build())
            .layer(output(classCount).build());
      }
      case CNN_SMALL -> {
        checkImage(spec.architecture(), featureCount, shape, 4);
        list.layer(new ConvolutionLayer.Builder(3, 3).nOut(12).activation(activation).weightInit(init).build())
            .layer(maxPool())
            .layer(output(classCount).build());
      }
      default -> throw new IllegalArgumentException("unknown architecture '" + spec.architecture() + "'; one of "
          + NAMES);
    }
    list.setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()));
    return list.build();
  }

  private static void checkImage(String architecture, int featureCount, FeatureShape shape, int minimumSide) {
    if (shape == null) {
      throw new IllegalArgumentException("model.train.architecture: " + architecture
          + " needs image data (channels×height×width), but the data has plain rows of " + featureCount
          + " features");
    }
    if (shape.height() < minimumSide || shape.width() < minimumSide) {
      throw new IllegalArgumentException("model.train.architecture: " + architecture + " needs images of at least "
          + minimumSide + "x" + minimumSide + " pixels, but the data's images are " + shape);
    }
  }

  private static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
  }

  private static OutputLayer.Builder output(int classCount) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classCount)
        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
  }

  private static IUpdater updater(String name, double learningRate) {
    return switch (name) {
      case "adam" -> new Adam(learningRate);
      case "sgd" -> new Sgd(learningRate);
      case "nesterovs" -> new Nesterovs(learningRate, NESTEROVS_MOMENTUM);
      default -> throw new IllegalArgumentException("unknown updater '" + name + "'; one of " + UPDATERS);
    };
  }
}
