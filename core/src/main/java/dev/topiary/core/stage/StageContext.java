package dev.topiary.core.stage;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** What the runner gives a stage besides its input model. */
public interface StageContext {

  /** The stage's name as the recipe gives it (unique within the recipe). */
  String stageName();

  /** The stage's own seed, derived from the recipe's seed and the stage's position. */
  long seed();

  /** The recipe's data: train, validation and test splits. Stages train on train, tune on validation. */
  DataSplits data();

  /**
   * A folder of the stage's own, inside the run's output, for extra artifacts (CSV logs, charts);
   * it exists when the stage starts.
   */
  Path workDirectory();

  /** Where long work reports its progress (a console bar in the CLI, nothing in tests). */
  ProgressReporter progress();

  /**
   * The folder relative paths in the recipe are resolved against (the recipe file's folder), for
   * stages that read files their parameters name.
   *
   * @throws IllegalStateException if this context has none (the pipeline's always has one)
   */
  default Path baseDirectory() {
    throw new IllegalStateException("stage " + stageName() + ": this context has no recipe folder to resolve paths "
        + "against");
  }

  /**
   * A model the stage's parameters refer to ({@link ModelReference}): {@code @baseline},
   * {@code @input}, {@code @<model name>} or {@code @<stage name>}. The model is borrowed: the
   * runner keeps it open until its last use and closes it; the stage never closes or changes it.
   *
   * @throws IllegalArgumentException if this context has no model by that reference (the recipe
   *     compiler rejects such recipes, so a stage run by the pipeline never sees this)
   */
  default ModelHandle model(String reference) {
    throw new IllegalArgumentException("stage " + stageName() + ": this context gives no referenced models, asked "
        + "for '" + reference + "'");
  }
}
