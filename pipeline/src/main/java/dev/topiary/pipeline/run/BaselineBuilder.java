package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** Makes the baseline model of a run; normally {@link ModelSpec#build} (see {@link #FROM_SPEC}). */
@FunctionalInterface
public interface BaselineBuilder {

  /** Trains or loads the model the recipe's {@code model:} section describes. */
  BaselineBuilder FROM_SPEC = new SpecBaselineBuilder();

  /**
   * Builds the baseline; the caller owns the returned handle.
   *
   * @param baseDirectory the folder relative paths are resolved against
   * @throws BadInputException if a model file is missing or unusable
   */
  ModelHandle build(ModelSpec spec, DataSplits data, Path baseDirectory, long seed, ProgressReporter progress)
      throws BadInputException;

  /**
   * The baseline's architecture without training it, for the pre-flight check: the network of
   * {@code model.train} built and initialised, or the {@code model.file} loaded and checked
   * against the data. The caller owns the returned handle. By default null: this builder cannot
   * tell, and the pre-flight check leaves the model and the stages' architecture checks out.
   *
   * @param data the recipe's data, or null if it could not be read (then only what needs no data is
   *     checked, such as that a model file exists)
   * @throws BadInputException if the model cannot be built or loaded, or does not fit the data
   */
  default NetworkModel architecture(ModelSpec spec, DataSplits data, Path baseDirectory, long seed)
      throws BadInputException {
    return null;
  }

  /**
   * An independent copy of a model this builder made (each branch of a recipe starts from its own
   * copy of the baseline and of each declared model); the caller owns the copy. By default a
   * {@link NetworkModel}'s deep copy.
   *
   * @throws IllegalArgumentException if this builder cannot copy {@code model}
   */
  default ModelHandle copy(ModelHandle model) {
    if (model instanceof NetworkModel network) {
      return network.copy();
    }
    throw new IllegalArgumentException("cannot copy a model of kind " + model.kind().description()
        + " for a branch; the baseline builder makes only copyable models");
  }
}
