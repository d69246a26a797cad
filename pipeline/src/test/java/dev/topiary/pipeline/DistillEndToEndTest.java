package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe with a declared teacher and two {@code distill} stages on a small part of the embedded
 * Fashion-MNIST sample, with every real module, through the command line: magnitude pruning, then
 * distillation into the pruned model (its masks must hold), then a fresh small student taught by
 * an ensemble of the baseline and the declared teacher. Only deterministic facts are asserted;
 * accuracy comparisons belong in the benchmarks.
 */
class DistillEndToEndTest {

  private static final String RECIPE = """
      name: distill-e2e
      seed: 5
      data: {source: fashion-mnist-sample, trainLimit: 400, testLimit: 200}
      model:
        train: {architecture: mlp, hidden: [32], epochs: 1}
      models:
        teacher:
          train: {architecture: mlp, hidden: [64], epochs: 2, seed: 3}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 5}
      stages:
        - {type: prune.magnitude, name: sparse, sparsity: 0.5}
        - {type: distill, name: recover, teacher: "@teacher", epochs: 1, temperature: 4, alpha: 0.7}
        - type: distill
          name: small
          teacher: ["@baseline", "@teacher"]
          student: {architecture: mlp, hidden: [16], seed: 1}
          epochs: 1
          labels: false
          alpha: 1
      """;

  @TempDir
  Path dir;

  private int run(String command, Path recipe, StringWriter console, StringWriter errors, String... more) {
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));
    String[] args = new String[2 + more.length];
    args[0] = command;
    args[1] = recipe.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return commandLine.execute(args);
  }

  @Test
  void declaredTeacherPruningAndDistillationRunAndEveryModelHasARow() throws Exception {
    Path recipe = Files.writeString(dir.resolve("distill.yaml"), RECIPE);
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();

    int code = run("run", recipe, console, errors, "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.fieldNames()).toIterable().containsExactly("recipe", "provenance", "baseline", "models",
        "stages");
    assertThat(report.at("/models/0/name").asText()).isEqualTo("teacher");
    assertThat(report.at("/models/0/metrics/parameters").asLong()).isEqualTo(784 * 64 + 64 + 64 * 10 + 10);
    JsonNode sparse = report.at("/stages/0/metrics");
    JsonNode recovered = report.at("/stages/1/metrics");
    // distil into @input: the masks hold, so exactly the same weights are zero
    assertThat(recovered.path("nonZeroParameters").asLong()).isEqualTo(sparse.path("nonZeroParameters").asLong());
    assertThat(recovered.path("parameters").asLong()).isEqualTo(sparse.path("parameters").asLong());
    JsonNode recover = report.at("/stages/1/diagnostics");
    assertThat(recover.path("teachers").get(0).asText()).isEqualTo("@teacher");
    assertThat(recover.path("softLoss").size()).isEqualTo(1);
    assertThat(recover.path("teacherAccuracy").path("@teacher").asDouble())
        .isEqualTo(report.at("/models/0/metrics/accuracy").asDouble());
    JsonNode small = report.at("/stages/2");
    assertThat(small.at("/metrics/parameters").asLong()).isEqualTo(784 * 16 + 16 + 16 * 10 + 10);
    assertThat(small.at("/diagnostics/hardLoss/0").asDouble()).isZero();
    assertThat(small.at("/diagnostics/ensembleAccuracy").isNumber()).isTrue();
    assertThat(small.at("/diagnostics/teacherAccuracy/@baseline").asDouble())
        .isEqualTo(report.at("/baseline/accuracy").asDouble());
    String markdown = Files.readString(out.resolve("report.md"));
    assertThat(markdown).contains("| baseline |", "| @teacher |", "| sparse |", "| recover |", "| small |",
        "## Regression against the baseline");
    // the meter's predictions: agreement and flips of every stage against the baseline
    JsonNode regression = report.at("/stages/0/regression");
    assertThat(regression.at("/classAccuracy").size()).isEqualTo(10);
    assertThat(regression.at("/agreement").asDouble()).isBetween(0.0, 1.0);
    double accuracyChange = report.at("/stages/0/metrics/accuracy").asDouble() - report.at("/baseline/accuracy")
        .asDouble();
    int examples = report.at("/recipe/data/testLimit").asInt(10000);
    assertThat((regression.at("/wrongToRight").asInt() - regression.at("/rightToWrong").asInt()) / (double) examples)
        .isCloseTo(accuracyChange, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(Files.readString(out.resolve("recipe.resolved.yaml"))).contains("models:", "teacher:");
  }

  @Test
  void structuredRemovalThenDistillationFromTheBaselineKeepsTheSmallerNetworkAndReportsEveryModel()
      throws Exception {
    Path recipe = Files.writeString(dir.resolve("recover.yaml"), """
        name: distill-structured-e2e
        seed: 9
        data: {source: fashion-mnist-sample, trainLimit: 400, testLimit: 200}
        model:
          train: {architecture: mlp, hidden: [64, 32], epochs: 2}
        models:
          spare:
            train: {architecture: mlp, hidden: [16], epochs: 1, seed: 4}
        measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 5}
        stages:
          - {type: prune.structured, name: removed, fraction: 0.75}
          - {type: distill, name: recovered, teacher: "@baseline", student: "@input", epochs: 1, temperature: 4,
             alpha: 0.9}
        """);
    Path out = dir.resolve("recover-out");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();

    int code = run("run", recipe, console, errors, "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    // 75 % of 64 and of 32 units removed: 784-16-8-10, and distillation into @input keeps that shape
    long smaller = 784 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10;
    assertThat(report.at("/baseline/parameters").asLong()).isEqualTo(784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
    assertThat(report.at("/stages/0/metrics/parameters").asLong()).isEqualTo(smaller);
    assertThat(report.at("/stages/1/metrics/parameters").asLong()).isEqualTo(smaller);
    assertThat(report.at("/stages/1/diagnostics/teachers/0").asText()).isEqualTo("@baseline");
    assertThat(report.at("/stages/1/diagnostics/teacherAccuracy/@baseline").asDouble())
        .isEqualTo(report.at("/baseline/accuracy").asDouble());
    assertThat(report.at("/models/0/name").asText()).isEqualTo("spare");
    assertThat(report.at("/models/0/metrics/parameters").asLong()).isEqualTo(784 * 16 + 16 + 16 * 10 + 10);
    String markdown = Files.readString(out.resolve("report.md"));
    assertThat(markdown).contains("| baseline |", "| @spare |", "| removed |", "| recovered |");
  }

  @Test
  void badReferencesAndUnlabeledAlphaAreReportedBeforeAnyWorkWithExitTwo() throws Exception {
    Path recipe = Files.writeString(dir.resolve("bad.yaml"), """
        data: {source: fashion-mnist-sample}
        model:
          train: {architecture: mlp, hidden: [32], epochs: 1}
        models:
          teacher: {file: teacher.zip}
        stages:
          - {type: distill, name: a, teacher: "@teachr", epochs: 1}
          - {type: distill, name: b, teacher: "@c", epochs: 1}
          - {type: distill, name: c, epochs: 1, labels: false, alpha: 0.5}
          - {type: distill, name: d, epochs: 1, temperature: 0}
          - {type: distill, name: e, epochs: 1, student: {architecture: mlp}}
          - {type: distill, name: f, epochs: 1, student: {architecture: mlp, hidden: [4], epochs: 2}}
          - {type: distill, name: g, epochs: 1, teacher: ["@baseline", 3]}
          - {type: distill, name: h, epochs: 1, student: small.zip}
        """);
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();

    int code = run("validate", recipe, console, errors);

    assertThat(code).isEqualTo(2);
    assertThat(errors.toString()).contains(
        recipe + ":7: stages[0].teacher: unknown model reference '@teachr'; did you mean '@teacher'? known: "
            + "[@baseline, @input, @teacher]",
        recipe + ":8: stages[1].teacher: '@c' refers to stage stages[2] (c), which runs after this one; a stage "
            + "can use only the output of an earlier stage",
        recipe + ":9: stages[2].alpha: must be 1 when labels is false (an unlabeled transfer set has only the "
            + "soft-target term), got 0.5",
        recipe + ":10: stages[3].temperature: must be positive, got 0.0",
        recipe + ":11: stages[4].student.hidden: required for architecture mlp",
        recipe + ":12: stages[5].student: unknown key [epochs]; valid: [activation, architecture, dropout, hidden, "
            + "inputDropout, l2, seed] (epochs, batchSize, learningRate and updater are parameters of the stage)",
        recipe + ":13: stages[6].teacher: expected model references (strings such as \"@baseline\"), got 3",
        recipe + ":14: stages[7].student: expected \"@input\", a model reference such as \"@small\" or an "
            + "architecture map, got 'small.zip' (to distil into a model file, declare it under models: and refer "
            + "to it)");
    assertThat(errors.toString()).contains("recipe has 8 problems");
  }
}
