package dev.topiary.pruning.criteria;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.Datasets;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * First-order Taylor importance {@code |w·∂L/∂w|} (Molchanov et al. 2017, 2019): the loss change a
 * linear expansion predicts for setting w to zero. {@code ∂L/∂w} is the gradient of the mean loss
 * over all calibration rows, accumulated over minibatches of {@code batchSize} (so the result does
 * not depend on the batch size). Dropout and weight noise are off on the probe copy.
 */
public final class TaylorCriterion implements ImportanceCriterion {

  private final Dataset calibration;
  private final int batchSize;

  /**
   * As {@link #TaylorCriterion(Dataset, int)}, with the examples of one pass of a DL4J iterator.
   *
   * @throws IllegalArgumentException if the iterator yields no examples, or as the other constructor
   */
  public TaylorCriterion(DataSetIterator calibration, int batchSize) {
    this(Datasets.from(calibration), batchSize);
  }

  /**
   * A criterion on every row of {@code calibration}.
   *
   * @throws IllegalArgumentException if there are no rows or {@code batchSize < 1}
   */
  public TaylorCriterion(Dataset calibration, int batchSize) {
    GradientProbe.requireRows(calibration, "taylor");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.calibration = calibration;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return "taylor";
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    return weightTimesGradient(model, parameters, calibration, batchSize);
  }

  /** {@code |w · mean gradient|} per entry. */
  static Map<String, double[]> weightTimesGradient(NetworkModel model, List<PrunableParameter> parameters,
      Dataset data, int batchSize) {
    Map<String, double[]> scores;
    try (GradientProbe probe = new GradientProbe(model.network(), model.network().params().dataType())) {
      scores = probe.meanGradient(data, batchSize, parameters);
    }
    scores.forEach((key, values) -> {
      double[] w = GradientProbe.flat(model.parameter(key));
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.abs(w[i] * values[i]);
      }
    });
    return scores;
  }
}
