package dev.topiary.core.data;

/**
 * The three splits of a recipe's data. Models train on {@code train}; stages that tune choices
 * (sensitivity, calibration) use {@code validation}; the meter reports on {@code test}.
 *
 * @param inputScaling how the source turned raw values into these features (so a deployed model
 *     can take raw rows), or null if the features are the raw values
 */
public record DataSplits(Dataset train, Dataset validation, Dataset test, InputScaling inputScaling) {

  /** Checks that the splits agree on features and classes, and the scaling with them. */
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
    if (inputScaling != null && inputScaling.size() != train.featureCount()) {
      throw new IllegalArgumentException("input scaling has " + inputScaling.size() + " features, the data "
          + train.featureCount());
    }
  }

  /** Splits whose features are the raw values. */
  public DataSplits(Dataset train, Dataset validation, Dataset test) {
    this(train, validation, test, null);
  }

  /** The same splits, recording how their features were scaled from raw values. */
  public DataSplits withInputScaling(InputScaling scaling) {
    return new DataSplits(train, validation, test, scaling);
  }
}
