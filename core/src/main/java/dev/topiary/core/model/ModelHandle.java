package dev.topiary.core.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model travelling through a pipeline: it owns its native memory and is closed by whoever holds
 * it last. Stages never mutate the handle they are given; they return a new one.
 */
public interface ModelHandle extends AutoCloseable {

  /** The kind of model held, used by the recipe compiler to reject impossible stage orders. */
  ModelKind kind();

  /** The one inference interface the meter uses for every kind of model. */
  Inference inference();

  /** Number of parameters (weights and biases) the saved model stores. */
  long parameterCount();

  /** Number of parameters that are not exactly zero. */
  long nonZeroParameterCount();

  /**
   * Writes the model in its own file format (a DL4J {@code ModelSerializer} zip for networks).
   * Callers write to a temporary file and move it into place.
   */
  void save(Path file) throws IOException;

  /** The file name extension of {@link #save}'s format, without the dot, e.g. {@code zip}. */
  String fileExtension();

  /** A short human description of the architecture, e.g. {@code dense 784-300-150-10}. */
  String describe();

  /** Releases native memory; the handle must not be used afterwards. */
  @Override
  void close();
}
