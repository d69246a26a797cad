package dev.topiary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import dev.topiary.pipeline.compare.BranchReport;
import dev.topiary.pipeline.sweep.SweepCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny sweep (three branches drawn from a grid of four on the embedded Fashion-MNIST sample) on embedded Spark
 * {@code local[2,2]}, against the same branches run in-process by {@code topiary run}; the first
 * attempt of one task fails and is retried; a rerun resumes every branch.
 */
class SparkSweepTest {

  static final String RECIPE = """
      name: tiny
      seed: 5
      data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1, batchSize: 32}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
      stages:
        - {type: prune.magnitude, name: prune, sparsity: 0.5}
        - {type: finetune, name: tune, epochs: 1, batchSize: 32}
      sweep:
        mode: random
        trials: 3
        seed: 3
        parameters:
          prune.sparsity: [0.5, 0.9]
          tune.enabled: [true, false]
        budget: {maxAccuracyDrop: 100}
        objective: smallest-within-budget
      """;

  @TempDir
  Path dir;

  @Test
  void sparkBranchesMeasureWhatInProcessBranchesMeasure() throws Exception {
    Path recipe = Files.writeString(dir.resolve("tiny.yaml"), RECIPE);
    List<String> names = List.copyOf(new SweepCompiler(CommandEnvironment.standard().stageRegistry(),
        TopiaryJson.create()).compile(recipe, null).compiled().branches().keySet());
    assertThat(names).hasSize(3);
    Path cache = dir.resolve("cache");
    StringWriter console = new StringWriter();
    SweepOutcome outcome = new SparkSweep(CommandEnvironment.standard(), new PrintWriter(console, true),
        Set.of(names.get(0)))
        .run(recipe, null, new SweepOptions("local[2,2]", null, dir.resolve("spark"), false, cache, false));

    assertThat(outcome.comparison().branches()).extracting(BranchReport::name).containsExactlyElementsOf(names);
    assertThat(outcome.retriedTasks()).isEqualTo(1);
    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.master()).isEqualTo("local[2,2]");
    assertThat(console.toString()).contains("sweep: 3/3 done", "1 tasks retried");

    // the same recipe in-process, one branch after another, from the same cache
    StringWriter errors = new StringWriter();
    var command = TopiaryCommand.commandLine(CommandEnvironment.standard());
    command.setOut(new PrintWriter(new StringWriter(), true));
    command.setErr(new PrintWriter(errors, true));
    int code = command.execute("run", recipe.toString(), "--out", dir.resolve("local").toString(), "--cache-dir",
        cache.toString());
    assertThat(code).as(errors.toString()).isZero();

    TopiaryJson json = TopiaryJson.create();
    JsonNode local = json.json().readTree(dir.resolve("local/comparison.json").toFile());
    JsonNode spark = json.json().readTree(dir.resolve("spark/comparison.json").toFile());
    assertThat(spark.get("branches")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode a = local.get("branches").get(i);
      JsonNode b = spark.get("branches").get(i);
      assertThat(b.get("name")).isEqualTo(a.get("name"));
      for (String field : List.of("accuracy", "loss", "parameters", "nonZeroParameters", "fileBytes")) {
        assertThat(b.get("metrics").get(field)).as(a.get("name") + " " + field).isEqualTo(a.get("metrics").get(field));
      }
    }
    assertThat(spark.get("baseline").get("accuracy")).isEqualTo(local.get("baseline").get("accuracy"));
    JsonNode summary = json.json().readTree(dir.resolve("spark/sweep.json").toFile());
    assertThat(summary.get("objective").asText()).isEqualTo("smallest-within-budget");
    assertThat(summary.get("retriedTasks").asInt()).isEqualTo(1);
    assertThat(summary.get("pick").asText()).isEqualTo(outcome.choice().pick());
    assertThat(outcome.comparison().branches().stream().mapToLong(b -> b.finalMetrics().gzipBytes()).min()
        .orElseThrow()).isEqualTo(outcome.comparison().branches().stream()
        .filter(b -> b.name().equals(outcome.choice().pick())).findFirst().orElseThrow().finalMetrics().gzipBytes());
    assertThat(Files.exists(dir.resolve("spark/branches/" + names.get(1) + "/report.json"))).isTrue();
    assertThat(Files.readString(dir.resolve("spark/sweep.md"))).contains("**Pick:** `" + outcome.choice().pick());

    // a rerun with the same cache runs nothing and reports the same branches
    StringWriter again = new StringWriter();
    SweepOutcome resumed = new SparkSweep(CommandEnvironment.standard(), new PrintWriter(again, true))
        .run(recipe, null, new SweepOptions("local[2]", null, dir.resolve("spark2"), false, cache, false));
    assertThat(again.toString()).contains("sweep: 3 branches finished before (resumed from ", "), 0 to run")
        .doesNotContain("3/3 done");
    assertThat(resumed.retriedTasks()).isZero();
    JsonNode rerun = json.json().readTree(dir.resolve("spark2/comparison.json").toFile());
    for (int i = 0; i < 3; i++) {
      assertThat(rerun.get("branches").get(i).get("metrics").get("accuracy"))
          .isEqualTo(spark.get("branches").get(i).get("metrics").get("accuracy"));
    }
    assertThat(dir.resolve("spark2/branches/" + names.get(2) + "/report.json")).exists();
    assertThat(Files.readString(dir.resolve("spark2/sweep.md"))).contains("resumed: finished by an earlier sweep");
  }

  /** Removing 10 of 16 units, then 8 of the 6 left, cannot work: found only when the branch runs. */
  static final String BAD_COMBINATION = """
      name: cut
      seed: 5
      data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1, batchSize: 32}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
      stages:
        - {type: prune.structured, name: cut, count: 10}
        - {type: prune.structured, name: again, count: 2}
      sweep:
        parameters:
          again.count: [2, 8]
        budget: {maxAccuracyDrop: 100}
        objective: smallest-within-budget
      """;

  @Test
  void aBranchWithABadParameterCombinationIsReportedAndTheSweepGoesOn() throws Exception {
    Path recipe = Files.writeString(dir.resolve("cut.yaml"), BAD_COMBINATION);
    StringWriter console = new StringWriter();

    SweepOutcome outcome = new SparkSweep(CommandEnvironment.standard(), new PrintWriter(console, true))
        .run(recipe, null, new SweepOptions("local[2]", null, dir.resolve("spark"), false, dir.resolve("cache"), false));

    String why = "stage 'again': count 8 must be less than the 6 units of layer 0";
    assertThat(outcome.comparison().branches()).extracting(BranchReport::name).containsExactly("s1_again.count-2");
    assertThat(outcome.failed()).containsExactly(java.util.Map.entry("s2_again.count-8", why));
    assertThat(outcome.retriedTasks()).isZero();
    assertThat(outcome.choice().pick()).isEqualTo("s1_again.count-2");
    assertThat(console.toString()).contains("sweep: 1 done, 1 failed, 0 skipped, 0 tasks retried; pick s1_again.count-2");
    assertThat(Files.readString(dir.resolve("spark/sweep.md"))).contains("| s2_again.count-8 | failed | " + why + " |");
    assertThat(Files.readString(dir.resolve("spark/comparison.md"))).contains("## Branches without a result\n\n"
        + "| branch | status | why |\n| :--- | :--- | :--- |\n| s2_again.count-8 | failed | " + why + " |\n");
    JsonNode comparison = TopiaryJson.create().json().readTree(dir.resolve("spark/comparison.json").toFile());
    assertThat(comparison.get("unfinished").get(0).get("message").asText()).isEqualTo(why);
    assertThat(Files.readString(dir.resolve("spark/comparison.html"))).contains("<li>s2_again.count-8: failed — "
        + why + "</li>", "alt=\"accuracy against gzip size, Pareto front dashed\"");
  }
}
