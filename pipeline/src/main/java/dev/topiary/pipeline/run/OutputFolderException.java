package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;

/** The output folder cannot be used as asked, e.g. it exists and {@code --force} was not given. */
public final class OutputFolderException extends BadInputException {

  private static final long serialVersionUID = 1L;

  /** A problem with the output folder, described by {@code message}. */
  public OutputFolderException(String message) {
    super(message);
  }
}
