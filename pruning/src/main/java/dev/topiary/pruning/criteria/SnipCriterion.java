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
 * SNIP connection sensitivity (Lee, Ajanthan and Torr 2019): {@code |w·g| / Σ|w·g|}, with g the
 * gradient of the mean loss over one or a few calibration batches. It is meant for a freshly
 * initialised network, pruned once before training (use it first in a recipe, with global scope as
 * in the paper). The normalisation over all scored parameters does not change the ranking; it makes
 * scores comparable between runs.
 */
public final class SnipCriterion implements ImportanceCriterion {

  private final Dataset calibration;
  private final int batchSize;

  /**
   * As {@link #SnipCriterion(Dataset, int)}, with the examples of one pass of a DL4J iterator.
   *
   * @throws IllegalArgumentException if the iterator yields no examples, or as the other constructor
   */
  public SnipCriterion(DataSetIterator calibration, int batchSize) {
    this(Datasets.from(calibration), batchSize);
  }

  /**
   * A criterion on every row of {@code calibration}.
   *
   * @throws IllegalArgumentException if there are no rows or {@code batchSize < 1}
   */
  public SnipCriterion(Dataset calibration, int batchSize) {
    GradientProbe.requireRows(calibration, "snip");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.calibration = calibration;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return "snip";
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> scores = TaylorCriterion.weightTimesGradient(model, parameters, calibration, batchSize);
    double total = 0;
    for (double[] values : scores.values()) {
      for (double value : values) {
        total += value;
      }
    }
    if (total > 0) {
      GradientProbe.scale(scores, 1.0 / total);
    }
    return scores;
  }
}
