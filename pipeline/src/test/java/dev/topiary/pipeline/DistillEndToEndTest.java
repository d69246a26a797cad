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

  /** Two well separated blobs with features in the hundreds, labelled or as feature columns only. */
  private Path csv(String name, int rows, long seed, boolean labelled) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder text = new StringBuilder(labelled ? "width,height,kind\n" : "width,height\n");
    for (int i = 0; i < rows; i++) {
      boolean big = i % 2 == 0;
      text.append(String.format(java.util.Locale.ROOT, "%.2f,%.3f", (big ? 600 : 400) + 20 * random.nextGaussian(),
          (big ? 0.9 : 0.1) + 0.05 * random.nextGaussian()));
      text.append(labelled ? (big ? ",large\n" : ",small\n") : "\n");
    }
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void anUnlabeledCsvTransferSetDistilsAFreshStudentOnACsvRecipe() throws Exception {
    csv("train.csv", 120, 1, true);
    csv("test.csv", 40, 2, true);
    csv("extra/rows.csv", 50, 3, false);
    Path recipe = Files.writeString(dir.resolve("csv.yaml"), """
        name: distill-csv-e2e
        seed: 4
        data: {source: csv, train: train.csv, test: test.csv, labelColumn: kind, scaling: standardize}
        model: {train: {architecture: mlp, hidden: [8], epochs: 3, batchSize: 16}}
        measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
        stages:
          - {type: distill, name: transfer, student: {architecture: mlp, hidden: [4], seed: 1}, epochs: 2,
             alpha: 1, batchSize: 8, transferCsv: extra/rows.csv}
        """);
    Path out = dir.resolve("csv-out");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();

    int code = run("run", recipe, console, errors, "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    JsonNode stage = report.at("/stages/0");
    assertThat(stage.at("/metrics/parameters").asLong()).isEqualTo(2 * 4 + 4 + 4 * 2 + 2);
    assertThat(stage.at("/diagnostics/transferCsv").asText()).isEqualTo("extra/rows.csv");
    assertThat(stage.at("/diagnostics/transferRows").asInt()).isEqualTo(50);
    assertThat(stage.at("/diagnostics/iterations").asLong()).isEqualTo(2 * 7);
    assertThat(stage.at("/diagnostics/hardLoss").toString()).isEqualTo("[0.0,0.0]");
    assertThat(stage.at("/diagnostics/teacherAccuracy/@baseline").asDouble())
        .isEqualTo(report.at("/baseline/accuracy").asDouble());
  }

  @Test
  void aCsvTransferSetWithAlphaBelowOneOrBesideTransferImagesIsReportedBeforeAnyWork() throws Exception {
    Path recipe = Files.writeString(dir.resolve("bad-csv.yaml"), """
        data: {source: fashion-mnist-sample}
        model:
          train: {architecture: mlp, hidden: [32], epochs: 1}
        stages:
          - {type: distill, name: a, epochs: 1, transferCsv: rows.csv, alpha: 0.5}
          - {type: distill, name: b, epochs: 1, alpha: 1, transferCsv: rows.csv, transferImages: extra.idx}
          - type: distill
            name: c
            epochs: 1
            transferCsv: rows.csv
        """);
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();

    int code = run("validate", recipe, console, errors);

    assertThat(code).isEqualTo(2);
    assertThat(errors.toString()).contains(
        recipe + ":5: stages[0].alpha: must be 1 with transferCsv (an unlabeled transfer set has only the "
            + "soft-target term), got 0.5",
        recipe + ":6: stages[1].transferCsv: cannot be combined with transferImages: give one unlabeled transfer "
            + "set",
        recipe + ":7: stages[2]: alpha must be 1 with transferCsv (an unlabeled transfer set has only the "
            + "soft-target term), got 0.9");
    assertThat(errors.toString()).contains("recipe has 3 problems");
  }
}
