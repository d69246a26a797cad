package dev.topiary.core.model;

import dev.topiary.core.BadInputException;

/**
 * A recipe's model cannot be used: its file is missing, unreadable or not a model Topiary can use,
 * or the model (loaded or to be trained) does not fit the data. The message names the file or the
 * {@code model.train} field, and the numbers that disagree.
 */
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
