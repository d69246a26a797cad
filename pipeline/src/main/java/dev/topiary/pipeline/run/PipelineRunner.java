package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.BoundStage;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.report.JsonReport;
import dev.topiary.pipeline.StageSeeds;
import dev.topiary.pipeline.report.MarkdownReport;
import dev.topiary.pipeline.report.ModelReport;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.Provenance;
import dev.topiary.pipeline.report.StageReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled recipe: loads the data, builds and measures the baseline, then applies each
 * stage, measuring its output and timing it, and prints a table row as each stage finishes.
 *
 * <p>The output folder gets {@code report.json}, {@code report.md}, {@code report.html}, the final model
 * ({@code model.<ext>}), {@code recipe.resolved.yaml} and each stage's work folder
 * {@code stages/<NN>-<name>/}. Everything is built in a hidden staging folder beside the final
 * place and moved there in one rename at the end: after a failure or Ctrl-C the final place holds
 * nothing new. An existing output folder is replaced only with {@link RunOptions#force()}.
 *
 * <p>The runner owns every model handle: the baseline, the models the recipe declares under
 * {@code models:} (built and measured after the baseline, one report row each), and every stage's
 * output. Each stays open until the last stage that uses it (as its input or through a reference
 * such as {@code teacher: "@baseline"}) has returned, and is then closed, exactly once; stages
 * borrow referenced models through {@link dev.topiary.core.stage.StageContext#model(String)}. The
 * last model is closed once it is saved.
 */
public final class PipelineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  /** Keeps the seeds of declared models apart from the stages' seeds ("models" in ASCII). */
  private static final long DECLARED_MODEL_SALT = 0x6D6F64656C73L;
  private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final TopiaryJson json;
  private final BaselineBuilder baselines;
  private final ModelMeasurer measurer;
  private final ProgressReporter progress;
  private final PrintWriter console;
  private final Clock clock;

  private PipelineRunner(Builder builder) {
    this.json = builder.json;
    this.baselines = builder.baselines;
    this.measurer = builder.measurer;
    this.progress = builder.progress;
    this.console = builder.console;
    this.clock = builder.clock;
  }

  /** A builder; every setting has a default (the real model builder and meter, no output). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code compiled}.
   *
   * @throws OutputFolderException if the output folder exists and {@code force} is off
   * @throws BadInputException if the data or a model file is unusable
   * @throws StageException if a stage fails
   * @throws IOException if the output cannot be written
   */
  public RunResult run(CompiledRecipe compiled, RunOptions options)
      throws BadInputException, StageException, IOException {
    Recipe recipe = compiled.recipe();
    Instant start = clock.instant();
    Path target = options.output() != null ? options.output() : defaultOutput(recipe.name(), start, clock);
    OutputFolder.checkAvailable(target, options.force());
    StagingDebris.removeStale(target, console);
    Path staging = OutputFolder.createStaging(target);
    Thread cleanup = new Thread(() -> deleteQuietly(staging), "topiary-staging-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      if (compiled.hasBranches()) {
        RunResult result = new BranchRunner(json, baselines, measurer, progress, console)
            .runInto(compiled, staging, target, start, options, clock);
        OutputFolder.publish(staging, target, options.force());
        console.println("comparison: " + target.resolve("comparison.md"));
        console.flush();
        return result;
      }
      PipelineReport report = runInto(compiled, staging, start);
      OutputFolder.publish(staging, target, options.force());
      console.println("report: " + target.resolve("report.md"));
      console.flush();
      return new RunResult(target, report);
    } finally {
      deleteQuietly(staging);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
  }

  /** {@code runs/<name>-<yyyyMMdd-HHmmss>}, relative to the working directory, in the clock's zone. */
  static Path defaultOutput(String recipeName, Instant start, Clock clock) {
    return Path.of("runs", recipeName + "-" + FOLDER_TIME.format(start.atZone(clock.getZone())));
  }

  private PipelineReport runInto(CompiledRecipe compiled, Path staging, Instant start)
      throws BadInputException, StageException, IOException {
    Recipe recipe = compiled.recipe();
    String resolvedYaml = new RecipeWriter(json).toYaml(recipe);
    Files.writeString(staging.resolve("recipe.resolved.yaml"), resolvedYaml, StandardCharsets.UTF_8);
    Provenance provenance = Provenance.capture(resolvedYaml, recipe.seed(), recipe.measure(), start);

    LOG.debug("loading data for recipe {}", recipe.name());
    DataSplits data = recipe.data().load(compiled.baseDirectory(), recipe.seed());
    try (ModelPool pool = new ModelPool(compiled.stages())) {
      ModelHandle current = baselines.build(recipe.model(), data, compiled.baseDirectory(), recipe.seed(), progress);
      provenance = withCache(provenance, baselines);
      pool.put("baseline", current);
      Metrics baseline = measurer.measure(current, data.test(), recipe.measure());
      int[] baselinePredictions = compiled.stages().isEmpty() ? null : measurer.predictions(current, data.test());
      ConsoleTable table = new ConsoleTable(console);
      table.header(baseline);
      table.row("baseline", baseline, baseline, null);
      List<ModelReport> modelReports = new ArrayList<>();
      int position = 0;
      for (Map.Entry<String, ModelSpec> declared : recipe.models().entrySet()) {
        LOG.debug("building model {}", declared.getKey());
        ModelHandle model = baselines.build(declared.getValue(), data, compiled.baseDirectory(),
            declaredModelSeed(recipe.seed(), position++), progress);
        pool.put(declared.getKey(), model);
        Metrics metrics = measurer.measure(model, data.test(), recipe.measure());
        modelReports.add(new ModelReport(declared.getKey(), model.describe(), metrics));
        table.row("@" + declared.getKey(), metrics, baseline, null);
      }
      pool.release(ModelPool.UNUSED, current);
      List<StageReport> stageReports = new StageSequence(measurer, progress, table).run(compiled.stages(), current,
          pool, data, compiled.baseDirectory(), staging, recipe.measure(), baseline, baselinePredictions).reports();
      StageReport last = stageReports.isEmpty() ? null : stageReports.get(stageReports.size() - 1);
      PipelineReport report = new PipelineReport(recipe, provenance, baseline, modelReports, stageReports,
          dev.topiary.pipeline.gate.GateCheck.check(recipe.gates(), "final model", baseline,
              last == null ? baseline : last.metrics(), last == null ? null : last.regression()));
      Files.writeString(staging.resolve("report.json"), new JsonReport(json).write(report), StandardCharsets.UTF_8);
      Files.writeString(staging.resolve("report.md"), MarkdownReport.write(report), StandardCharsets.UTF_8);
      Files.writeString(staging.resolve("report.html"), dev.topiary.pipeline.html.HtmlReport.run(report),
          StandardCharsets.UTF_8);
      return report;
    }
  }

  /** The regression figures of {@code model} against the baseline's predictions, or null without predictions. */
  static dev.topiary.pipeline.report.Regression regression(ModelMeasurer measurer, ModelHandle model,
      dev.topiary.core.data.Dataset test, int[] baselinePredictions) {
    if (baselinePredictions == null) {
      return null;
    }
    int[] predictions = measurer.predictions(model, test);
    return predictions == null ? null
        : dev.topiary.pipeline.report.Regression.of(test.labels(), baselinePredictions, predictions, test.classCount());
  }

  /** {@code provenance} with what the cache did for the model built last, if a cache is in use. */
  static Provenance withCache(Provenance provenance, BaselineBuilder baselines) {
    if (baselines instanceof BaselineCache.Builder cache && !cache.events().isEmpty()) {
      BaselineCache.Event event = cache.events().get(cache.events().size() - 1);
      return provenance.withBaselineCache((event.reused() ? "reused " : "trained and stored ") + event.key());
    }
    return provenance;
  }

  /**
   * The seed of the declared model at {@code position} in {@code models:} when its own spec gives
   * none: a stream of its own, apart from the stages' (see {@link StageSeeds}).
   */
  static long declaredModelSeed(long recipeSeed, int position) {
    return StageSeeds.derive(recipeSeed ^ DECLARED_MODEL_SALT, position);
  }

  /** Writes {@code model.<ext>} into the staging folder through a temporary file. */
  static void saveModel(ModelHandle model, Path staging) throws IOException {
    Path file = staging.resolve("model." + model.fileExtension());
    Path partial = staging.resolve(".model." + model.fileExtension() + ".part");
    model.save(partial);
    OutputFolder.move(partial, file);
  }

  static StageResult apply(BoundStage stage, ModelHandle input, RunStageContext context)
      throws StageException {
    StageResult result;
    try {
      result = stage.stage().apply(input, context);
    } catch (StageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StageException(stage.name(), "failed: " + PlainMessage.of(e), e);
    }
    if (result == null) {
      throw new StageException(stage.name(), "returned no result");
    }
    return result;
  }

  private static void deleteQuietly(Path folder) {
    try {
      OutputFolder.deleteRecursively(folder);
    } catch (IOException e) {
      LOG.warn("could not delete the staging folder {}: {}", folder, e.getMessage());
    }
  }

  /** Settings of a {@link PipelineRunner}; each has a default. */
  public static final class Builder {
    private TopiaryJson json = TopiaryJson.create();
    private BaselineBuilder baselines = BaselineBuilder.FROM_SPEC;
    private ModelMeasurer measurer = ModelMeasurer.METER;
    private ProgressReporter progress = ProgressReporter.NONE;
    private PrintWriter console = new PrintWriter(PrintWriter.nullWriter());
    private Clock clock = Clock.system(ZoneId.systemDefault());

    private Builder() {}

    /** The mappers recipes and reports are written with (default: a new {@link TopiaryJson}). */
    public Builder json(TopiaryJson value) {
      this.json = require(value, "json");
      return this;
    }

    /** How the baseline is made (default: {@link BaselineBuilder#FROM_SPEC}). */
    public Builder baselines(BaselineBuilder value) {
      this.baselines = require(value, "baselines");
      return this;
    }

    /** How models are measured (default: {@link ModelMeasurer#METER}). */
    public Builder measurer(ModelMeasurer value) {
      this.measurer = require(value, "measurer");
      return this;
    }

    /** Where training and stages report progress (default: nowhere). */
    public Builder progress(ProgressReporter value) {
      this.progress = require(value, "progress");
      return this;
    }

    /** Where the table rows are printed (default: nowhere). */
    public Builder console(PrintWriter value) {
      this.console = require(value, "console");
      return this;
    }

    /** The clock of the default folder name and the provenance start time (default: system). */
    public Builder clock(Clock value) {
      this.clock = require(value, "clock");
      return this;
    }

    /** The runner. */
    public PipelineRunner build() {
      return new PipelineRunner(this);
    }

    private static <T> T require(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
