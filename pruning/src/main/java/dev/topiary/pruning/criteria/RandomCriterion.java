package dev.topiary.pruning.criteria;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scores weights uniformly at random: the baseline every criterion should beat. Each call draws
 * from a new {@link Random} seeded with the criterion's seed, parameter by parameter in the given
 * order, so the same seed and selection always give the same mask.
 */
public final class RandomCriterion implements ImportanceCriterion {

  private final long seed;

  /** A criterion drawing from {@code seed}. */
  public RandomCriterion(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    Random random = new Random(seed);
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (PrunableParameter param : parameters) {
      double[] values = new double[Math.toIntExact(param.length())];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextDouble();
      }
      scores.put(param.key(), values);
    }
    return scores;
  }
}
