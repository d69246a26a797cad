package dev.topiary.pipeline.run;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** The context the runner gives one stage; referenced models come from the run's {@link ModelPool}. */
record RunStageContext(String stageName, long seed, DataSplits data, Path workDirectory,
    ProgressReporter progress, Path baseDirectory, ModelPool pool, ModelHandle input) implements StageContext {

  @Override
  public ModelHandle model(String reference) {
    return pool.resolve(reference, input);
  }
}
