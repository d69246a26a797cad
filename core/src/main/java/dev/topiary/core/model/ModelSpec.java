package dev.topiary.core.model;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** A recipe's {@code model:} section: train an architecture or load a file. TODO(helper B). */
public record ModelSpec(Object train, String file) {

  /** Builds (trains or loads) the baseline model for {@code data}. */
  public NetworkModel build(DataSplits data, Path baseDirectory, long seed, ProgressReporter progress)
      throws ModelFileException {
    throw new UnsupportedOperationException("TODO(helper B)");
  }
}
