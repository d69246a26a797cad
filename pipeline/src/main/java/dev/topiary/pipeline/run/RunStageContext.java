package dev.topiary.pipeline.run;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;

/** The context the runner gives one stage. */
record RunStageContext(String stageName, long seed, DataSplits data, Path workDirectory,
    ProgressReporter progress) implements StageContext {}
