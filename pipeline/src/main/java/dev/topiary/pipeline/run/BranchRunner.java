package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.compare.ComparisonJson;
import dev.topiary.pipeline.compare.ComparisonMarkdown;
import dev.topiary.pipeline.compare.ComparisonReport;
import dev.topiary.pipeline.compare.LatencyRepeats;
import dev.topiary.pipeline.html.HtmlReport;
import dev.topiary.pipeline.report.JsonReport;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the branches of a recipe from one baseline: {@link #prepare} builds and measures the
 * baseline and the declared models once; {@link #runBranch} runs one branch on copies of them and
 * writes its report folder (and, with {@code repeat} above 1, measures the final model's batch-1
 * latency again for the run-to-run variation); {@link #writeComparison} writes
 * {@code comparison.json} and {@code comparison.md} for a list of branch reports. {@link PipelineRunner} calls these for a
 * recipe with {@code branches:}; a sweep calls them for its own branches.
 */
public final class BranchRunner {

  private final TopiaryJson json;
  private final BaselineBuilder baselines;
  private final ModelMeasurer measurer;
  private final ProgressReporter progress;
  private final PrintWriter console;

  /**
   * A runner of branches.
   *
   * @param baselines makes and copies the baseline and declared models (a {@link BaselineCache}
   *     builder to reuse them across runs)
   */
  public BranchRunner(TopiaryJson json, BaselineBuilder baselines, ModelMeasurer measurer, ProgressReporter progress,
      PrintWriter console) {
    this.json = json;
    this.baselines = baselines;
    this.measurer = measurer;
    this.progress = progress;
    this.console = console;
  }

  /**
   * Loads the data and builds and measures the baseline and every declared model of
   * {@code compiled}, once; the caller owns the result.
   *
   * @throws BadInputException if the data or a model file is unusable
   */
  public SharedBaseline prepare(CompiledRecipe compiled) throws BadInputException {
    Recipe recipe = compiled.recipe();
    DataSplits data = recipe.data().load(compiled.baseDirectory(), recipe.seed());
    ModelHandle baseline = baselines.build(recipe.model(), data, compiled.baseDirectory(), recipe.seed(), progress);
    boolean reused = baselines instanceof BaselineCache.Builder cache && cache.lastReused();
    String cacheNote = PipelineRunner.withCache(Provenance.capture("", 0, null, Instant.EPOCH), baselines)
        .baselineCache();
    Map<String, ModelHandle> declared = new LinkedHashMap<>();
    List<ModelReport> reports = new ArrayList<>();
    try {
      Metrics metrics = measurer.measure(baseline, data.test(), recipe.measure());
      int[] predictions = measurer.predictions(baseline, data.test());
      int position = 0;
      for (Map.Entry<String, ModelSpec> entry : recipe.models().entrySet()) {
        ModelHandle model = baselines.build(entry.getValue(), data, compiled.baseDirectory(),
            PipelineRunner.declaredModelSeed(recipe.seed(), position++), progress);
        declared.put(entry.getKey(), model);
        reports.add(new ModelReport(entry.getKey(), model.describe(), measurer.measure(model, data.test(),
            recipe.measure())));
      }
      return new SharedBaseline(data, baseline, metrics, declared, reports, reused, cacheNote, predictions);
    } catch (BadInputException | RuntimeException e) {
      baseline.close();
      declared.values().forEach(ModelHandle::close);
      throw e;
    }
  }

  /**
   * Runs branch {@code branch} of {@code compiled} on copies of the shared baseline and declared
   * models, writing {@code report.json}, {@code report.md}, the model,
   * {@code recipe.resolved.yaml} and {@code stages/} into {@code folder} (created).
   *
   * @param relativeFolder how the comparison names {@code folder}, e.g. {@code branches/fast}
   * @throws StageException if a stage fails
   * @throws IOException if the folder cannot be written
   */
  public BranchReport runBranch(CompiledRecipe compiled, String branch, SharedBaseline shared, Path folder,
      String relativeFolder, Instant start) throws StageException, IOException {
    return runBranch(compiled, branch, shared, folder, relativeFolder, start, 1);
  }

  /**
   * {@link #runBranch(CompiledRecipe, String, SharedBaseline, Path, String, Instant)} that then
   * measures the final model's batch-1 latency {@code repeat - 1} more times for the run-to-run
   * variation ({@link BranchReport#repeats()}, null for {@code repeat} 1 or when the recipe does
   * not time batch 1).
   *
   * @throws IllegalArgumentException if {@code repeat} is below 1
   */
  public BranchReport runBranch(CompiledRecipe compiled, String branch, SharedBaseline shared, Path folder,
      String relativeFolder, Instant start, int repeat) throws StageException, IOException {
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
    CompiledRecipe one = compiled.branch(branch);
    Recipe recipe = one.recipe();
    Files.createDirectories(folder);
    String resolvedYaml = new RecipeWriter(json).toYaml(recipe);
    Files.writeString(folder.resolve("recipe.resolved.yaml"), resolvedYaml, StandardCharsets.UTF_8);
    Provenance provenance = Provenance.capture(resolvedYaml, recipe.seed(), recipe.measure(), start);
    if (shared.cacheNote() != null) {
      provenance = provenance.withBaselineCache(shared.cacheNote());
    }
    DataSplits data = shared.data();
    Metrics baseline = shared.baselineMetrics();
    console.println("branch " + branch);
    ConsoleTable table = new ConsoleTable(console);
    table.header(baseline);
    try (ModelPool pool = new ModelPool(one.stages())) {
      ModelHandle current = baselines.copy(shared.baseline());
      pool.put("baseline", current);
      for (Map.Entry<String, ModelHandle> declared : shared.declared().entrySet()) {
        pool.put(declared.getKey(), baselines.copy(declared.getValue()));
      }
      pool.release(ModelPool.UNUSED, current);
      StageSequence.Outcome outcome = new StageSequence(measurer, progress, table).run(one.stages(), current, pool,
          data, one.baseDirectory(), folder, recipe.measure(), baseline, shared.baselinePredictions());
      current = outcome.model();
      List<StageReport> stageReports = outcome.reports();
      StageReport last = stageReports.get(stageReports.size() - 1);
      PipelineReport report = new PipelineReport(recipe, provenance, baseline, shared.modelReports(), stageReports,
          dev.topiary.pipeline.gate.GateCheck.check(recipe.gates(), "branch " + branch, baseline, last.metrics(),
              last.regression()));
      Files.writeString(folder.resolve("report.json"), new JsonReport(json).write(report), StandardCharsets.UTF_8);
      Files.writeString(folder.resolve("report.md"), MarkdownReport.write(report), StandardCharsets.UTF_8);
      Files.writeString(folder.resolve("report.html"), HtmlReport.run(report), StandardCharsets.UTF_8);
      return new BranchReport(branch, relativeFolder, report,
          repeats(current, last.metrics(), data.test(), recipe, repeat));
    }
  }

  /**
   * The batch-1 medians of {@code model}: the one in {@code first}, then {@code repeat - 1} new
   * measurements; null for {@code repeat} 1 or when the recipe does not time batch 1.
   */
  private LatencyRepeats repeats(ModelHandle model, Metrics first, dev.topiary.core.data.Dataset test,
      Recipe recipe, int repeat) {
    LatencyStats batch1 = first.latency().get("batch1");
    if (repeat == 1 || batch1 == null) {
      return null;
    }
    List<Double> medians = new ArrayList<>();
    medians.add(batch1.p50Micros());
    for (int i = 1; i < repeat; i++) {
      medians.add(measurer.batch1P50Micros(model, test, recipe.measure()));
    }
    return new LatencyRepeats(medians);
  }

  /**
   * Writes {@code comparison.json}, {@code comparison.md} and {@code comparison.html} of
   * {@code comparison} into {@code folder}.
   */
  public void writeComparison(ComparisonReport comparison, Path folder) throws IOException {
    Files.writeString(folder.resolve("comparison.json"), new ComparisonJson(json).write(comparison),
        StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("comparison.md"), ComparisonMarkdown.write(comparison), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("comparison.html"), HtmlReport.comparison(comparison), StandardCharsets.UTF_8);
  }

  /**
   * The whole branch run of {@code compiled} into {@code staging}: the baseline once, every branch
   * into {@code branches/<name>/}, the comparison, and {@code recipe.resolved.yaml} of the whole
   * recipe. With {@link RunOptions#tolerant()}, a failing branch is reported and the next one runs;
   * a branch not started by {@link RunOptions#deadlineMillis()} on {@code clock} is skipped.
   */
  RunResult runInto(CompiledRecipe compiled, Path staging, Path target, Instant start, RunOptions options,
      java.time.Clock clock) throws BadInputException, StageException, IOException {
    int repeat = options.repeat();
    Recipe recipe = compiled.recipe();
    String resolvedYaml = new RecipeWriter(json).toYaml(recipe);
    Files.writeString(staging.resolve("recipe.resolved.yaml"), resolvedYaml, StandardCharsets.UTF_8);
    Provenance captured = Provenance.capture(resolvedYaml, recipe.seed(), recipe.measure(), start);
    try (SharedBaseline shared = prepare(compiled)) {
      Provenance provenance = shared.cacheNote() == null ? captured : captured.withBaselineCache(shared.cacheNote());
      ConsoleTable table = new ConsoleTable(console);
      table.header(shared.baselineMetrics());
      table.row("baseline", shared.baselineMetrics(), shared.baselineMetrics(), null);
      for (ModelReport model : shared.modelReports()) {
        table.row("@" + model.name(), model.metrics(), shared.baselineMetrics(), null);
      }
      List<BranchReport> reports = new ArrayList<>();
      Map<String, RunResult.BranchProblem> problems = new LinkedHashMap<>();
      for (String branch : compiled.branches().keySet()) {
        String relative = "branches/" + branch;
        if (clock.millis() > options.deadlineMillis()) {
          problems.put(branch, new RunResult.BranchProblem(true, "not started: the sweep's budget.maxWallSeconds "
              + "had passed"));
          console.println("branch " + branch + ": skipped (the wall-time budget has passed)");
          continue;
        }
        if (!options.tolerant()) {
          reports.add(runBranch(compiled, branch, shared, staging.resolve("branches").resolve(branch), relative,
              start, repeat));
          continue;
        }
        try {
          reports.add(runBranch(compiled, branch, shared, staging.resolve("branches").resolve(branch), relative,
              start, repeat));
        } catch (StageException e) {
          // a branch failing for its own reasons (a bad parameter combination) does not fail the sweep
          String message = dev.topiary.core.PlainMessage.of(e);
          problems.put(branch, new RunResult.BranchProblem(false, message));
          console.println("branch " + branch + ": failed: " + message);
        }
      }
      if (reports.isEmpty()) {
        PipelineReport report = new PipelineReport(recipe, provenance, shared.baselineMetrics(),
            shared.modelReports(), List.of());
        return new RunResult(target, report, null, problems);
      }
      List<dev.topiary.pipeline.compare.UnfinishedBranch> unfinished = new ArrayList<>();
      problems.forEach((branch, problem) -> unfinished.add(new dev.topiary.pipeline.compare.UnfinishedBranch(branch,
          problem.skipped() ? "skipped" : "failed", problem.message())));
      ComparisonReport comparison = new ComparisonReport(recipe.name(), shared.baselineMetrics(), shared.reused(),
          reports, repeats(shared.baseline(), shared.baselineMetrics(), shared.data().test(), recipe, repeat),
          unfinished);
      writeComparison(comparison, staging);
      PipelineReport report = new PipelineReport(recipe, provenance, shared.baselineMetrics(), shared.modelReports(),
          List.of());
      return new RunResult(target, report, comparison, problems);
    }
  }
}
