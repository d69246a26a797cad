package dev.topiary.pruning.criteria;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a weight by its absolute value {@code |w|} (Han et al. 2015). With a threshold amount it
 * prunes exactly the weights with {@code |w| ≤ t}.
 */
public final class MagnitudeCriterion implements ImportanceCriterion {

  /** Creates the criterion; it has no settings. */
  public MagnitudeCriterion() {}

  @Override
  public String name() {
    return "magnitude";
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (PrunableParameter param : parameters) {
      double[] values = GradientProbe.flat(model.parameter(param.key()));
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.abs(values[i]);
      }
      scores.put(param.key(), values);
    }
    return scores;
  }
}
