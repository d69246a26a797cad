package dev.topiary.core.model;

import dev.topiary.core.BadInputException;

/** A model file is missing, unreadable or not a model Topiary can use; the message names the file. */
public final class ModelFileException extends BadInputException {

  private static final long serialVersionUID = 1L;

  /** A model-file problem described by {@code message}. */
  public ModelFileException(String message) {
    super(message);
  }

  /** A model-file problem described by {@code message}, found through {@code cause}. */
  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
