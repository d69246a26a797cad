package dev.topiary.distillation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the soft targets of several teachers are combined into one distribution per example.
 *
 * <p>Hinton et al. (2015) distil an ensemble from "the arithmetic or geometric mean of their
 * individual predictive distributions"; both are offered. With one teacher they agree.
 */
public enum EnsembleAveraging {
  /**
   * The default: the arithmetic mean of the teachers' probabilities, each at temperature T:
   * {@code p_T = (1/K) Σ_k softmax(log p_k / T)}.
   */
  PROBABILITIES,
  /**
   * The geometric mean, renormalised: the mean of the teachers' log-probabilities (equivalently,
   * of their logits) softened at T: {@code p_T = softmax((1/K) Σ_k log p_k / T)}.
   */
  LOG_PROBABILITIES;

  /** The name a recipe writes: {@code probabilities} or {@code log-probabilities}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a recipe name.
   *
   * @throws IllegalArgumentException naming the known names if {@code name} is none of them
   */
  @JsonCreator
  public static EnsembleAveraging fromRecipeName(String name) {
    for (EnsembleAveraging value : values()) {
      if (value.recipeName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("averaging must be one of "
        + Arrays.stream(values()).map(EnsembleAveraging::recipeName).toList() + ", got '" + name + "'");
  }
}
