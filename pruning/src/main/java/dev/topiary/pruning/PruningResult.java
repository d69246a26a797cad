package dev.topiary.pruning;

import dev.topiary.core.model.NetworkModel;

/**
 * A pruned copy of a model and what was done to it. The caller owns the model: closing the result
 * closes it (a stage hands the model on instead).
 *
 * @param model the pruned copy, with masks set on the pruned parameters
 * @param report the diagnostics
 */
public record PruningResult(NetworkModel model, PruningReport report) implements AutoCloseable {

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
