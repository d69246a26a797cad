package dev.topiary.core.train;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.Datasets;
import dev.topiary.core.model.NetworkModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The one training loop every stage uses (model training, fine-tuning, gradual pruning, lottery
 * rounds, distillation students): minibatch SGD with the network's own updater, seeded shuffling,
 * a progress bar with the running loss, and masks that hold.
 *
 * <p>Extra DL4J listeners (a pruning schedule, say) are attached for the call only; the
 * network's own listeners are restored afterwards.
 */
public final class NetworkTrainer {

  private NetworkTrainer() {}

  /**
   * Trains the caller's DL4J network in place on the examples of one pass of {@code data}
   * (converted once by {@link Datasets#from(DataSetIterator)}, then shuffled per epoch with the
   * options' seed), without a progress bar. The network is borrowed: it stays the caller's.
   *
   * @throws IllegalArgumentException if the data is empty or does not fit the network
   */
  public static TrainingHistory fit(MultiLayerNetwork network, DataSetIterator data, TrainingOptions options) {
    try (NetworkModel model = NetworkModel.borrow(network)) {
      return fit(model, Datasets.from(data), options, ProgressReporter.NONE);
    }
  }

  /**
   * Trains {@code model} in place on one pass of a DL4J iterator's examples (converted by
   * {@link Datasets#from(DataSetIterator)}); its masks hold.
   *
   * @throws IllegalArgumentException if the data is empty or does not fit the network
   */
  public static TrainingHistory fit(NetworkModel model, DataSetIterator data, TrainingOptions options,
      ProgressReporter progress) {
    return fit(model, Datasets.from(data), options, progress);
  }

  /** Trains {@code model} in place with no extra listeners. */
  public static TrainingHistory fit(NetworkModel model, Dataset data, TrainingOptions options,
      ProgressReporter progress) {
    return fit(model, data, options, progress, List.of());
  }

  /**
   * Trains {@code model} in place on {@code data}.
   *
   * @param listeners DL4J listeners called at every iteration after the mask enforcer
   * @throws IllegalArgumentException if the data's feature count differs from the network's input
   */
  public static TrainingHistory fit(NetworkModel model, Dataset data, TrainingOptions options,
      ProgressReporter progress, List<? extends TrainingListener> listeners) {
    MultiLayerNetwork network = model.network();
    int inputSize = NetworkModel.inputSize(network);
    if (data.featureCount() != inputSize) {
      throw new IllegalArgumentException("the network takes " + inputSize
          + " features per example, the training data has " + data.featureCount());
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("the training data is empty");
    }
    if (options.learningRate() != null) {
      network.setLearningRate(options.learningRate());
    }
    Collection<TrainingListener> previous = new ArrayList<>(network.getListeners());
    // always first: masks may also be added during training (gradual pruning, by a listener below)
    List<TrainingListener> active = new ArrayList<>();
    active.add(model.maskHoldingListener());
    model.applyMasks();
    active.addAll(listeners);
    network.setListeners(active);
    DataSetIterator batches = data.iterator(options.batchSize(), true, options.seed());
    long perEpoch = (data.rows() + options.batchSize() - 1) / options.batchSize();
    List<Double> epochLoss = new ArrayList<>();
    long iterations = 0;
    try (ProgressReporter.ProgressTask task =
        progress.start("train", perEpoch * options.epochs(), "batch")) {
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        batches.reset();
        double sum = 0;
        long count = 0;
        while (batches.hasNext()) {
          DataSet batch = batches.next();
          network.fit(batch);
          double score = network.score();
          sum += score * batch.numExamples();
          count += batch.numExamples();
          iterations++;
          task.step(1);
          task.status(String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch + 1, options.epochs(), sum / count));
        }
        network.incrementEpochCount();
        epochLoss.add(sum / count);
      }
    } finally {
      network.setListeners(previous);
    }
    return new TrainingHistory(epochLoss, iterations);
  }
}
