package dev.topiary.pruning.sensitivity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link SensitivityAnalysis}: accuracy per (layer, sparsity), and the dense
 * model's accuracy on the same data.
 *
 * @param evaluatedOn which data the accuracies are measured on, e.g. {@code validation} or
 *     {@code test (the validation split is empty)}
 * @param examples number of examples evaluated
 * @param denseAccuracy accuracy of the unpruned model
 * @param denseLoss mean cross-entropy of the unpruned model
 * @param sparsities the sparsities tried, ascending
 * @param layers the layers analysed, ascending by index
 * @param points one entry per layer and sparsity, layer-major, in the order of {@code layers} and {@code sparsities}
 */
public record SensitivityTable(String evaluatedOn, int examples, double denseAccuracy, double denseLoss,
    List<Double> sparsities, List<SensitivityLayer> layers, List<SensitivityPoint> points) {

  /**
   * Slack on comparisons of accuracy drops: accuracies are fractions k/n, and {@code 0.93 − 0.92}
   * is {@code 0.010000000000000009} in doubles, which must count as a drop of 0.01.
   */
  static final double TOLERANCE = 1e-9;

  /**
   * Copies the lists and checks that {@code points} holds exactly one entry per layer and sparsity.
   *
   * @throws IllegalArgumentException if the points do not form the full table
   */
  public SensitivityTable {
    sparsities = List.copyOf(sparsities);
    layers = List.copyOf(layers);
    points = List.copyOf(points);
    if (points.size() != layers.size() * sparsities.size()) {
      throw new IllegalArgumentException("points must hold one entry per layer and sparsity ("
          + layers.size() + " × " + sparsities.size() + "), got " + points.size());
    }
    for (int l = 0; l < layers.size(); l++) {
      for (int s = 0; s < sparsities.size(); s++) {
        SensitivityPoint point = points.get(l * sparsities.size() + s);
        if (point.layer() != layers.get(l).index() || point.sparsity() != sparsities.get(s)) {
          throw new IllegalArgumentException("points[" + (l * sparsities.size() + s) + "] must be layer "
              + layers.get(l).index() + " at sparsity " + sparsities.get(s) + ", got layer " + point.layer()
              + " at sparsity " + point.sparsity());
        }
      }
    }
  }

  /** The points of one layer, in the order of {@link #sparsities()}. */
  public List<SensitivityPoint> pointsOf(int layer) {
    List<SensitivityPoint> of = new ArrayList<>();
    for (SensitivityPoint point : points) {
      if (point.layer() == layer) {
        of.add(point);
      }
    }
    if (of.isEmpty()) {
      throw new IllegalArgumentException("layer " + layer + " was not analysed; analysed layers: "
          + layers.stream().map(SensitivityLayer::index).toList());
    }
    return of;
  }

  /**
   * The accuracy with {@code layer} pruned alone to {@code sparsity}.
   *
   * @throws IllegalArgumentException if that pair was not analysed
   */
  public double accuracy(int layer, double sparsity) {
    for (SensitivityPoint point : pointsOf(layer)) {
      if (point.sparsity() == sparsity) {
        return point.accuracy();
      }
    }
    throw new IllegalArgumentException("sparsity " + sparsity + " was not analysed; sparsities: " + sparsities);
  }

  /**
   * Per layer (by index, ascending), the largest analysed sparsity whose accuracy drop below the
   * dense accuracy is at most {@code maxAccuracyDrop} (a fraction: 0.01 is one point); 0.0 when no
   * analysed sparsity is within the budget. A layer pruned alone; pruning several layers at their
   * allowed sparsities together usually drops more, so fine-tune afterwards.
   *
   * @throws IllegalArgumentException if {@code maxAccuracyDrop} is negative or NaN
   */
  public Map<Integer, Double> allowedSparsities(double maxAccuracyDrop) {
    checkMaxAccuracyDrop(maxAccuracyDrop);
    Map<Integer, Double> allowed = new LinkedHashMap<>();
    for (SensitivityLayer layer : layers) {
      double best = 0.0;
      for (SensitivityPoint point : pointsOf(layer.index())) {
        if (denseAccuracy - point.accuracy() <= maxAccuracyDrop + TOLERANCE) {
          best = Math.max(best, point.sparsity());
        }
      }
      allowed.put(layer.index(), best);
    }
    return allowed;
  }

  /** Throws the standard message unless {@code value ≥ 0}. */
  static void checkMaxAccuracyDrop(double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("maxAccuracyDrop must be at least 0, got " + value);
    }
  }
}
