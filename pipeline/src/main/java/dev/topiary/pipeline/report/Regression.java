package dev.topiary.pipeline.report;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model's predictions differ from the baseline's on the test split, beyond top-1 accuracy:
 * per-class accuracy and its change, the share of examples on which both predict the same class,
 * and how many examples flipped from right to wrong and from wrong to right.
 *
 * @param classAccuracy per class (by label index), the share of that class's test examples the
 *     model gets right; NaN for a class without test examples
 * @param classAccuracyChangePoints per class, the model's class accuracy minus the baseline's, in
 *     percentage points
 * @param agreement the share of test examples where the model predicts the baseline's class
 * @param rightToWrong examples the baseline got right and the model gets wrong
 * @param wrongToRight examples the baseline got wrong and the model gets right
 */
public record Regression(List<Double> classAccuracy, List<Double> classAccuracyChangePoints, double agreement,
    int rightToWrong, int wrongToRight) {

  /** Copies the lists. */
  public Regression {
    classAccuracy = List.copyOf(classAccuracy);
    classAccuracyChangePoints = List.copyOf(classAccuracyChangePoints);
  }

  /**
   * Compares {@code predictions} with {@code baselinePredictions} on examples with {@code labels}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a class is out of range
   */
  public static Regression of(int[] labels, int[] baselinePredictions, int[] predictions, int classes) {
    if (labels.length != baselinePredictions.length || labels.length != predictions.length) {
      throw new IllegalArgumentException("labels and both predictions must have one entry per example, got "
          + labels.length + ", " + baselinePredictions.length + " and " + predictions.length);
    }
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be positive, got " + classes);
    }
    int[] count = new int[classes];
    int[] right = new int[classes];
    int[] baseRight = new int[classes];
    int agree = 0;
    int rightToWrong = 0;
    int wrongToRight = 0;
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label < 0 || label >= classes || predictions[i] < 0 || predictions[i] >= classes
          || baselinePredictions[i] < 0 || baselinePredictions[i] >= classes) {
        throw new IllegalArgumentException("example " + i + ": a class is outside [0, " + classes + ")");
      }
      boolean mine = predictions[i] == label;
      boolean theirs = baselinePredictions[i] == label;
      count[label]++;
      right[label] += mine ? 1 : 0;
      baseRight[label] += theirs ? 1 : 0;
      agree += predictions[i] == baselinePredictions[i] ? 1 : 0;
      rightToWrong += theirs && !mine ? 1 : 0;
      wrongToRight += !theirs && mine ? 1 : 0;
    }
    List<Double> accuracy = new ArrayList<>();
    List<Double> change = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      double a = count[c] == 0 ? Double.NaN : (double) right[c] / count[c];
      double b = count[c] == 0 ? Double.NaN : (double) baseRight[c] / count[c];
      accuracy.add(a);
      change.add(100 * (a - b));
    }
    return new Regression(accuracy, change, labels.length == 0 ? Double.NaN : (double) agree / labels.length,
        rightToWrong, wrongToRight);
  }
}
