package dev.topiary.runtime;

import java.io.IOException;

/**
 * A runtime model file is not a valid {@code .tpm} file: truncated, corrupted, of a newer format
 * version, or inconsistent. The message names the field and the byte offset where reading failed.
 */
public final class ModelFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final long byteOffset;

  /**
   * Creates the exception.
   *
   * @param field the field being read, e.g. {@code layers[2].weights}
   * @param byteOffset the byte offset in the file where the field starts
   * @param problem what is wrong, with the expected and the actual value
   */
  public ModelFormatException(String field, long byteOffset, String problem) {
    super(field + " at byte " + byteOffset + ": " + problem);
    this.field = field;
    this.byteOffset = byteOffset;
  }

  /** The field being read when the problem was found, e.g. {@code magic} or {@code layers[1].bias}. */
  public String field() {
    return field;
  }

  /** The byte offset in the file of that field. */
  public long byteOffset() {
    return byteOffset;
  }
}
