package dev.topiary.pipeline.cli;

import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.Preflight;
import dev.topiary.pipeline.RecipeCompiler;
import dev.topiary.pipeline.TopiaryModules;
import dev.topiary.pipeline.run.BaselineBuilder;
import dev.topiary.pipeline.run.ModelMeasurer;
import dev.topiary.pipeline.run.PipelineRunner;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What the commands work with: the stage registry, the mappers, how baselines are built and
 * models measured, where progress goes, and the clock. {@link #standard()} is the real one; tests
 * build one with fakes.
 *
 * @param stageRegistry stage type name to factory
 * @param json the mappers
 * @param baselines how a run's baseline is made
 * @param measurer how models are measured
 * @param progress where long work shows progress
 * @param clock the clock of output folder names and provenance
 */
public record CommandEnvironment(Map<String, StageFactory<?>> stageRegistry, TopiaryJson json,
    BaselineBuilder baselines, ModelMeasurer measurer, ProgressReporter progress, Clock clock) {

  /** Copies the registry and checks every part is present. */
  public CommandEnvironment {
    if (stageRegistry == null || json == null || baselines == null || measurer == null || progress == null
        || clock == null) {
      throw new IllegalArgumentException("every part of a command environment must be given");
    }
    stageRegistry = Map.copyOf(stageRegistry);
  }

  /** The environment of the installed command: {@link TopiaryModules}, the meter, the system clock. */
  public static CommandEnvironment standard() {
    return new CommandEnvironment(TopiaryModules.stageRegistry(TopiaryModules.injector()), TopiaryJson.create(),
        BaselineBuilder.FROM_SPEC, ModelMeasurer.METER, TopiaryModules.consoleProgress(), Clock.systemDefaultZone());
  }

  /** A compiler for this environment's stage types. */
  public RecipeCompiler compiler() {
    return new RecipeCompiler(stageRegistry, json);
  }

  /** The pre-flight check for this environment's stage types and baseline builder. */
  public Preflight preflight() {
    return new Preflight(stageRegistry, json, baselines);
  }

  /** A runner printing its table to {@code console}, building baselines with {@code builder}. */
  public PipelineRunner runner(PrintWriter console, BaselineBuilder builder) {
    return PipelineRunner.builder().json(json).baselines(builder).measurer(measurer).progress(progress)
        .console(console).clock(clock).build();
  }

  /** A runner printing its table to {@code console}. */
  public PipelineRunner runner(PrintWriter console) {
    return PipelineRunner.builder().json(json).baselines(baselines).measurer(measurer).progress(progress)
        .console(console).clock(clock).build();
  }
}
