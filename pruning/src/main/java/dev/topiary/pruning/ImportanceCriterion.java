package dev.topiary.pruning;

import dev.topiary.core.model.NetworkModel;
import java.util.List;
import java.util.Map;

/**
 * Scores every entry of the parameters selected for pruning: lower scores are pruned first.
 *
 * <p>An implementation may run forward and backward passes on a clone of the model's network but
 * never changes the model's parameters or masks. Scores of weights that are already masked do not
 * matter: {@link Pruner} keeps them pruned.
 */
public interface ImportanceCriterion {

  /** A short name for reports, e.g. {@code magnitude}. */
  String name();

  /**
   * The scores of {@code parameters} of {@code model}.
   *
   * @return by parameter key, one finite score per entry in row-major ('c') order of the
   *     parameter's shape (see {@link PrunableParameter#flatIndex})
   */
  Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters);
}
