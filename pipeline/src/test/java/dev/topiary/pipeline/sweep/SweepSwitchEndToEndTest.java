package dev.topiary.pipeline.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of {@code benchmarks/sweep-mlp.yaml} on a small part of the embedded Fashion-MNIST
 * sample, in-process with every real stage: two grids (gradual pruning, a distilled student) and
 * a switch between the fp32 runtime and int8, so that each branch ends in exactly one of them.
 * Only deterministic facts are asserted.
 */
class SweepSwitchEndToEndTest {

  private static final String RECIPE = """
      name: switch-e2e
      seed: 5
      data: {source: fashion-mnist-sample, trainLimit: 300, testLimit: 100}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1}
      measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
      stages:
        - {type: prune.gradual, name: gradual, finalSparsity: 0.5, scope: global, epochs: 1, frequency: 2}
        - {type: distill, name: distill, student: {architecture: mlp, hidden: [4], seed: 1}, epochs: 1}
        - {type: prune.strip, name: strip}
        - {type: runtime.compile, name: fp32, kernels: dense}
        - {type: quantize.int8, name: int8, calibrationExamples: 64, kernels: dense}
      sweep:
        parameters:
          - method: [gradual]
            gradual.finalSparsity: [0.8]
            runtime: [fp32, int8]
          - method: [distill]
            distill.student.hidden: [[8]]
            runtime: [fp32, int8]
        budget: {maxAccuracyDrop: 100}
        objective: smallest-within-budget
      """;

  @TempDir
  Path dir;

  @Test
  void eachBranchRunsOneMethodAndOneRuntime() throws Exception {
    Path recipe = Files.writeString(dir.resolve("switch.yaml"), RECIPE);
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));

    int code = commandLine.execute("run", recipe.toString(), "--out", dir.resolve("out").toString(), "--no-cache");

    assertThat(code).as(errors.toString()).isZero();
    TopiaryJson json = TopiaryJson.create();
    JsonNode comparison = json.json().readTree(dir.resolve("out/comparison.json").toFile());
    List<String> names = new ArrayList<>();
    comparison.get("branches").forEach(branch -> names.add(branch.get("name").asText()));
    assertThat(names).containsExactly("s1_method-gradual_gradual.finalSparsity-0.8_runtime-fp32",
        "s2_method-gradual_gradual.finalSparsity-0.8_runtime-int8", "s3_method-distill_distill.student.hidden-8_runtime-fp32",
        "s4_method-distill_distill.student.hidden-8_runtime-int8");
    List<String> finals = new ArrayList<>();
    comparison.get("branches").forEach(branch -> finals.add(branch.get("finalStage").asText()));
    assertThat(finals).containsExactly("fp32", "int8", "fp32", "int8");
    for (String name : names) {
      JsonNode report = json.json().readTree(dir.resolve("out/branches/" + name + "/report.json").toFile());
      List<String> stages = new ArrayList<>();
      report.get("stages").forEach(stage -> stages.add(stage.get("name").asText()));
      assertThat(stages).as(name).containsExactly(name.contains("gradual") ? "gradual" : "distill", "strip",
          name.endsWith("fp32") ? "fp32" : "int8");
      assertThat(dir.resolve("out/branches/" + name + "/model.tpm")).exists();
    }
    // the student 784-8-10 has 784·8 + 8 + 8·10 + 10 parameters; the pruned baseline 784-16-10 keeps its shape
    assertThat(comparison.get("branches").get(2).get("metrics").get("parameters").asLong()).isEqualTo(6370);
    assertThat(comparison.get("branches").get(0).get("metrics").get("parameters").asLong()).isEqualTo(12730);
    JsonNode summary = json.json().readTree(dir.resolve("out/sweep.json").toFile());
    assertThat(summary.get("branches")).hasSize(4);
    assertThat(summary.get("pick").asText()).isIn(names);
    assertThat(Files.readString(dir.resolve("out/comparison.html")))
        .contains("alt=\"accuracy against gzip size, Pareto front dashed\"");
  }
}
