package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** Makes the baseline model of a run; normally {@link ModelSpec#build} (see {@link #FROM_SPEC}). */
@FunctionalInterface
public interface BaselineBuilder {

  /** Trains or loads the model the recipe's {@code model:} section describes. */
  BaselineBuilder FROM_SPEC = ModelSpec::build;

  /**
   * Builds the baseline; the caller owns the returned handle.
   *
   * @param baseDirectory the folder relative paths are resolved against
   * @throws BadInputException if a model file is missing or unusable
   */
  ModelHandle build(ModelSpec spec, DataSplits data, Path baseDirectory, long seed, ProgressReporter progress)
      throws BadInputException;
}
