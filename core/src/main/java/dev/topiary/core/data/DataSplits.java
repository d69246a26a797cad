package dev.topiary.core.data;

/**
 * The three splits of a recipe's data. Models train on {@code train}; stages that tune choices
 * (sensitivity, calibration) use {@code validation}; the meter reports on {@code test}.
 */
public record DataSplits(Dataset train, Dataset validation, Dataset test) {

  /** Checks that the splits agree on features and classes. */
  public DataSplits {
    if (train == null || validation == null || test == null) {
      throw new IllegalArgumentException("train, validation and test must not be null (use an empty dataset)");
    }
    for (Dataset other : new Dataset[] {validation, test}) {
      if (other.rows() > 0 && other.featureCount() != train.featureCount()) {
        throw new IllegalArgumentException("splits disagree on the feature count: train has "
            + train.featureCount() + ", another split " + other.featureCount());
      }
    }
  }
}
