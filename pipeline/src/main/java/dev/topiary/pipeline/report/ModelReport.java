package dev.topiary.pipeline.report;

import dev.topiary.core.measure.Metrics;

/**
 * One model a recipe declares under {@code models:} (beside the baseline), as the meter measured it.
 *
 * @param name the model's name in the recipe ({@code @name} in references)
 * @param description a short description of its architecture
 * @param metrics the meter's measurements
 */
public record ModelReport(String name, String description, Metrics metrics) {

  /** Checks the fields are present. */
  public ModelReport {
    if (name == null || description == null || metrics == null) {
      throw new IllegalArgumentException("name, description and metrics must not be null");
    }
  }
}
