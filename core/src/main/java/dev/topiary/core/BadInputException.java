package dev.topiary.core;

/**
 * Input a user owns is wrong: a recipe, a data file, a model file. The message says what is wrong
 * and where; the command line prints it without a stack trace and exits with status 2.
 */
public class BadInputException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Bad input described by {@code message}. */
  public BadInputException(String message) {
    super(message);
  }

  /** Bad input described by {@code message}, found through {@code cause}. */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
