package dev.topiary.core.stage;

/** A stage failed at run time; the message names the stage and what went wrong. */
public final class StageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String stageName;

  /** A failure of stage {@code stageName}. */
  public StageException(String stageName, String message) {
    super("stage '" + stageName + "': " + message);
    this.stageName = stageName;
  }

  /** A failure of stage {@code stageName} caused by {@code cause}. */
  public StageException(String stageName, String message, Throwable cause) {
    super("stage '" + stageName + "': " + message, cause);
    this.stageName = stageName;
  }

  /** The name of the failed stage, as the recipe gives it. */
  public String stageName() {
    return stageName;
  }
}
