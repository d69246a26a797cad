package dev.topiary.core.source;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingHistory;
import dev.topiary.core.train.TrainingOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recipe's {@code model.train:} section: an architecture to build and how to train it.
 *
 * <pre>
 * train: {architecture: mlp, hidden: [300, 150], activation: relu, epochs: 10, batchSize: 64,
 *         learningRate: 0.001, updater: adam, l2: 0.0, seed: 7, dropout: 0.5, inputDropout: 0.2}
 * </pre>
 *
 * <p>Architectures: {@code mlp} (dense layers of the {@code hidden} sizes), {@code lenet5} (LeNet-5
 * adapted to 28×28: conv 5×5×6 padded by 2, max pool 2×2, conv 5×5×16, max pool 2×2, dense 120,
 * dense 84) and {@code cnn-small} (the network of the TensorFlow Model Optimization pruning
 * tutorial: conv 3×3×12, max pool 2×2). All end in a softmax output trained with cross-entropy,
 * are float32, and start from XAVIER weights (He weights for the ReLU family) drawn with the seed.
 * The convolutional architectures need image-shaped data ({@link Dataset#shape()}) and take its
 * rows flat, channel-first.
 *
 * @param architecture {@code mlp}, {@code lenet5} or {@code cnn-small}; required
 * @param hidden hidden layer sizes, required for {@code mlp} and rejected for the others
 * @param activation a DL4J {@code Activation} name for the hidden layers, any case; default {@code relu}
 * @param epochs full passes over the training split; required, at least 1
 * @param batchSize examples per minibatch; default 64
 * @param learningRate the updater's learning rate; default 0.001
 * @param updater {@code adam}, {@code sgd} or {@code nesterovs} (momentum 0.9); default {@code adam}
 * @param l2 L2 regularisation coefficient of the weights; default 0 (none)
 * @param seed seed of the initial weights and the shuffling; null to use the recipe's model seed
 * @param dropout {@code mlp} only: the probability, in [0, 1), that a hidden unit's activation is
 *     dropped during training (the input of every layer after the first; inverted dropout, so
 *     inference is unchanged); null (the default) or 0 for none. Hinton et al. used 0.5
 * @param inputDropout {@code mlp} only: the same for the input features (the first layer's input);
 *     null (the default) or 0 for none. Hinton et al. used 0.2
 */
public record TrainSpec(String architecture, List<Integer> hidden, String activation, Integer epochs,
    Integer batchSize, Double learningRate, String updater, Double l2, Long seed, Double dropout,
    Double inputDropout) {

  /** The architecture names a recipe may give. */
  public static final List<String> ARCHITECTURES = Architectures.NAMES;

  /** The updater names a recipe may give. */
  public static final List<String> UPDATERS = Architectures.UPDATERS;

  private static final Logger LOG = LoggerFactory.getLogger(TrainSpec.class);
  private static final String PATH = "model.train.";

  /** Validates every value, naming the field, and fills in the defaults. */
  public TrainSpec {
    if (architecture == null) {
      throw new IllegalArgumentException(PATH + "architecture: required; one of " + ARCHITECTURES);
    }
    architecture = architecture.toLowerCase(Locale.ROOT);
    if (!ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(PATH + "architecture: unknown architecture '" + architecture
          + "'; one of " + ARCHITECTURES);
    }
    if (architecture.equals(Architectures.MLP)) {
      if (hidden == null) {
        throw new IllegalArgumentException(PATH + "hidden: required for architecture mlp");
      }
      if (hidden.stream().anyMatch(size -> size == null || size < 1)) {
        throw new IllegalArgumentException(PATH + "hidden: every size must be at least 1, got " + hidden);
      }
      hidden = List.copyOf(hidden);
    } else if (hidden != null) {
      throw new IllegalArgumentException(PATH + "hidden: not used by architecture " + architecture
          + " (only mlp takes hidden layer sizes)");
    }
    activation = activation == null ? "relu" : activation.toLowerCase(Locale.ROOT);
    if (activationOf(activation) == null) {
      throw new IllegalArgumentException(PATH + "activation: unknown activation '" + activation
          + "'; one of " + activationNames());
    }
    if (epochs == null) {
      throw new IllegalArgumentException(PATH + "epochs: required");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException(PATH + "epochs: must be at least 1, got " + epochs);
    }
    batchSize = batchSize == null ? 64 : batchSize;
    if (batchSize < 1) {
      throw new IllegalArgumentException(PATH + "batchSize: must be at least 1, got " + batchSize);
    }
    learningRate = learningRate == null ? 0.001 : learningRate;
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException(PATH + "learningRate: must be positive, got " + learningRate);
    }
    updater = updater == null ? "adam" : updater.toLowerCase(Locale.ROOT);
    if (!UPDATERS.contains(updater)) {
      throw new IllegalArgumentException(PATH + "updater: unknown updater '" + updater + "'; one of " + UPDATERS);
    }
    l2 = l2 == null ? 0.0 : l2;
    if (!(l2 >= 0 && Double.isFinite(l2))) {
      throw new IllegalArgumentException(PATH + "l2: must be at least 0, got " + l2);
    }
    // null stays null (none) so that a spec without dropout serialises, and keys the baseline
    // cache, exactly as before the option existed
    checkDropout("dropout", dropout, architecture);
    checkDropout("inputDropout", inputDropout, architecture);
  }

  /** A spec without dropout: the fields before {@code dropout} and {@code inputDropout} existed. */
  public TrainSpec(String architecture, List<Integer> hidden, String activation, Integer epochs, Integer batchSize,
      Double learningRate, String updater, Double l2, Long seed) {
    this(architecture, hidden, activation, epochs, batchSize, learningRate, updater, l2, seed, null, null);
  }

  private static void checkDropout(String field, Double value, String architecture) {
    if (value == null) {
      return;
    }
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(PATH + field + ": must be in [0, 1) (the probability of dropping a unit), "
          + "got " + value);
    }
    if (!architecture.equals(Architectures.MLP) && value > 0) {
      throw new IllegalArgumentException(PATH + field + ": only architecture mlp takes dropout, not " + architecture);
    }
  }

  /** The probability of dropping a hidden unit during training; 0 for none. */
  public double hiddenDropout() {
    return dropout == null ? 0 : dropout;
  }

  /** The probability of dropping an input feature during training; 0 for none. */
  public double featureDropout() {
    return inputDropout == null ? 0 : inputDropout;
  }

  /** The hidden layers' DL4J activation. */
  public Activation hiddenActivation() {
    return activationOf(activation);
  }

  /** The seed this spec trains with: its own, or {@code defaultSeed} if it gives none. */
  public long seedOr(long defaultSeed) {
    return seed == null ? defaultSeed : seed;
  }

  /**
   * The network configuration for data shaped like {@code data}.
   *
   * @param defaultSeed the seed used when the spec gives none
   * @throws IllegalArgumentException if a convolutional architecture gets data without an image
   *     shape, or images too small for it
   */
  public MultiLayerConfiguration configuration(Dataset data, long defaultSeed) {
    return Architectures.configure(this, data.featureCount(), data.classCount(), data.shape(), seedOr(defaultSeed));
  }

  /**
   * Builds the network and trains it on {@code train} with {@link NetworkTrainer}.
   *
   * @param defaultSeed the seed used when the spec gives none; it seeds the weights and the shuffling
   * @throws IllegalArgumentException if the architecture does not fit the data (see {@link #configuration})
   */
  public NetworkModel train(Dataset train, long defaultSeed, ProgressReporter progress) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration(train, defaultSeed));
    network.init();
    NetworkModel model = NetworkModel.owning(network);
    try {
      TrainingHistory history = NetworkTrainer.fit(model, train,
          new TrainingOptions(epochs, batchSize, seedOr(defaultSeed), null), progress);
      LOG.info("trained {} for {} epochs: loss {}",
          model.describe(), epochs, history.finalLoss());
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static Activation activationOf(String name) {
    for (Activation candidate : Activation.values()) {
      if (candidate.name().equalsIgnoreCase(name)) {
        return candidate;
      }
    }
    return null;
  }

  private static List<String> activationNames() {
    return Arrays.stream(Activation.values()).map(a -> a.name().toLowerCase(Locale.ROOT)).sorted().toList();
  }
}
