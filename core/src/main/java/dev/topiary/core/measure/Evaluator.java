package dev.topiary.core.measure;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.Datasets;
import dev.topiary.core.model.NetworkModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;

/**
 * Accuracy and loss of any {@link ModelHandle} through its {@link Inference}: the code the meter
 * reports with, and the code stages use when they need to compare candidates on validation data.
 */
public final class Evaluator {

  private static final int CHUNK = 500;
  private static final double MIN_PROBABILITY = 1e-7;

  private Evaluator() {}

  /**
   * Evaluates the caller's DL4J network on one pass of {@code data}; the network is borrowed and
   * left as it was.
   *
   * @throws IllegalArgumentException if the data is empty or does not fit the network
   */
  public static Evaluation evaluate(MultiLayerNetwork network, DataSetIterator data) {
    try (NetworkModel model = NetworkModel.borrow(network)) {
      return evaluate(model, Datasets.from(data));
    }
  }

  /**
   * Evaluates the caller's DL4J network on every example of {@code data}; the network is borrowed.
   *
   * @throws IllegalArgumentException if the data is empty or does not fit the network
   */
  public static Evaluation evaluate(MultiLayerNetwork network, DataSet data) {
    try (NetworkModel model = NetworkModel.borrow(network)) {
      return evaluate(model, Datasets.from(data));
    }
  }

  /**
   * Evaluates {@code model} on every row of {@code data}.
   *
   * @throws IllegalArgumentException if the data's feature or class count differs from the model's
   */
  public static Evaluation evaluate(ModelHandle model, Dataset data) {
    Inference inference = model.inference();
    if (data.featureCount() != inference.inputSize()) {
      throw new IllegalArgumentException("the model takes " + inference.inputSize()
          + " features per example, the data has " + data.featureCount());
    }
    if (data.classCount() != inference.classCount()) {
      throw new IllegalArgumentException("the model predicts " + inference.classCount()
          + " classes, the data has " + data.classCount());
    }
    if (data.rows() == 0) {
      return new Evaluation(Double.NaN, Double.NaN, 0);
    }
    int classes = inference.classCount();
    long correct = 0;
    double lossSum = 0;
    for (int from = 0; from < data.rows(); from += CHUNK) {
      int to = Math.min(from + CHUNK, data.rows());
      float[] probabilities;
      try (Inference.Batch batch = inference.prepare(data.featureRows(from, to), to - from)) {
        probabilities = inference.probabilities(batch);
      }
      for (int row = 0; row < to - from; row++) {
        int label = data.label(from + row);
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (probabilities[row * classes + c] > probabilities[row * classes + best]) {
            best = c;
          }
        }
        if (best == label) {
          correct++;
        }
        lossSum -= Math.log(Math.max(MIN_PROBABILITY, probabilities[row * classes + label]));
      }
    }
    return new Evaluation((double) correct / data.rows(), lossSum / data.rows(), data.rows());
  }
}
