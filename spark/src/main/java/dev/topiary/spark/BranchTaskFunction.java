package dev.topiary.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.report.JsonReport;
import dev.topiary.pipeline.run.BaselineBuilder;
import dev.topiary.pipeline.run.BaselineCache;
import dev.topiary.pipeline.run.BranchRunner;
import dev.topiary.pipeline.run.ModelMeasurer;
import dev.topiary.pipeline.run.SharedBaseline;
import dev.topiary.pipeline.sweep.SweepCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The work of one Spark task, on the executor: compiles the recipe, takes the baseline from the
 * shipped cache (never training it), runs the one branch into its folder and returns a JSON line:
 * {@code {"branch", "status": "done"|"failed"|"skipped", "attempt", "message"?, "report"?}} where
 * {@code report} is the branch's {@code report.json}. A branch that fails for its own reasons
 * (a stage's error, bad input) is returned as {@code failed} with its message; anything else
 * propagates so that Spark retries the task.
 */
final class BranchTaskFunction implements Function<BranchTask, String> {

  private static final long serialVersionUID = 1L;

  @Override
  public String call(BranchTask task) throws IOException {
    TopiaryJson json = TopiaryJson.create();
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    ObjectNode result = json.json().createObjectNode();
    result.put("branch", task.branch());
    result.put("attempt", attempt);
    if (task.failFirstAttempt() && attempt == 0) {
      throw new IllegalStateException("injected failure of the first attempt of branch " + task.branch());
    }
    if (System.currentTimeMillis() > task.deadlineMillis()) {
      result.put("status", "skipped");
      result.put("message", "not started: the sweep's budget.maxWallSeconds had passed");
      return json.json().writeValueAsString(result);
    }
    CommandEnvironment environment = CommandEnvironment.standard();
    Path cacheFolder = Path.of(SparkFiles.get(task.shippedCache()));
    BaselineBuilder cache = new BaselineCache(cacheFolder, json, new PrintWriter(System.err, true))
        .builder(ShippedOnly.INSTANCE);
    BranchRunner runner = new BranchRunner(json, cache, ModelMeasurer.METER, ProgressReporter.NONE,
        new PrintWriter(PrintWriter.nullWriter()));
    try {
      CompiledRecipe compiled = new SweepCompiler(environment.stageRegistry(), json)
          .compile(task.recipeText(), task.fileName(), Path.of(task.baseDirectory()), task.seedOverride(),
              task.allowLarge()).compiled();
      try (SharedBaseline shared = runner.prepare(compiled)) {
        BranchReport report = runner.runBranch(compiled, task.branch(), shared, Path.of(task.folder()),
            "branches/" + task.branch(), Instant.now());
        result.put("status", "done");
        result.set("report", new JsonReport(json).toTree(report.report()));
      }
    } catch (StageException | BadInputException e) {
      result.put("status", "failed");
      result.put("message", PlainMessage.of(e));
    }
    return json.json().writeValueAsString(result);
  }

  /** On an executor the baseline must come from the shipped cache: training it there is a fault. */
  private enum ShippedOnly implements BaselineBuilder {
    INSTANCE;

    @Override
    public dev.topiary.core.model.ModelHandle build(dev.topiary.core.source.ModelSpec spec,
        dev.topiary.core.data.DataSplits data, Path baseDirectory, long seed, ProgressReporter progress) {
      throw new IllegalStateException("the shipped baseline cache has no entry for this model; the driver builds "
          + "every baseline and declared model before the tasks start");
    }
  }
}
