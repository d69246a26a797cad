package dev.topiary.core.stage;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a {@link PreflightCheck} may look at: the baseline's architecture, built (from the recipe's
 * {@code model.train} section, or loaded from its {@code model.file}) but never trained, and the
 * number of rows of each data split after the recipe's limits and validation split.
 *
 * <p>The network is the baseline's: a stage after one that changes the architecture (structured
 * pruning removes units) sees the baseline's, so checks should concern what such stages keep
 * (layer names, indices and types). It is borrowed: a check must not change or close it.
 *
 * @param network the baseline's untrained network
 * @param trainRows rows of the training split
 * @param validationRows rows of the validation split
 * @param testRows rows of the test split
 */
public record PreflightContext(MultiLayerNetwork network, int trainRows, int validationRows, int testRows) {

  /** Checks the network is present and the counts are not negative. */
  public PreflightContext {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    if (trainRows < 0 || validationRows < 0 || testRows < 0) {
      throw new IllegalArgumentException("row counts must not be negative, got " + trainRows + ", "
          + validationRows + ", " + testRows);
    }
  }

  /** Minibatches per epoch over the training split at {@code batchSize}: ⌈trainRows / batchSize⌉. */
  public long batchesPerEpoch(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    return (trainRows + (long) batchSize - 1) / batchSize;
  }
}
