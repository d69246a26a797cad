package dev.topiary.core.data;

import dev.topiary.core.BadInputException;

/** A data file is missing, unreadable or malformed; the message names the file and the problem. */
public final class DataException extends BadInputException {

  private static final long serialVersionUID = 1L;

  /** A data problem described by {@code message}. */
  public DataException(String message) {
    super(message);
  }

  /** A data problem described by {@code message}, found through {@code cause}. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
