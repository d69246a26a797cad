package dev.topiary.distillation;

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
  LOG_PROBABILITIES
}
