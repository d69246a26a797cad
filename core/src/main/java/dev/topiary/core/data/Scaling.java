package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How CSV feature columns are rescaled. Statistics come from the training split only (after the
 * validation split is carved out) and are applied unchanged to the training, validation and test
 * splits, so no information leaks from held-out rows.
 */
public enum Scaling {

  /** Values are used as read. */
  @JsonProperty("none")
  NONE,

  /**
   * Each column is mapped by {@code (x - min) / (max - min)} so that training values lie in
   * {@code [0, 1]}; a constant column becomes 0.
   */
  @JsonProperty("minmax")
  MINMAX,

  /**
   * Each column is mapped by {@code (x - mean) / sd} (population standard deviation) so that
   * training values have mean 0 and variance 1; a constant column becomes 0.
   */
  @JsonProperty("standardize")
  STANDARDIZE
}
