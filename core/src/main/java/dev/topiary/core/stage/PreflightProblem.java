package dev.topiary.core.stage;

/**
 * One problem a {@link PreflightCheck} found in a stage's parameters.
 *
 * @param field the parameter it concerns, relative to the stage: {@code endStep}, {@code layers[1]},
 *     {@code overrides.dense1}; empty for the stage as a whole. The recipe compiler puts the stage's
 *     path ({@code stages[2].}) in front and finds the line.
 * @param message what is wrong, with the bad value and what would be valid
 */
public record PreflightProblem(String field, String message) {

  /** Checks the message is present and normalises the field. */
  public PreflightProblem {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
    field = field == null ? "" : field;
  }
}
