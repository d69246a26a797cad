package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import dev.topiary.runtime.RuntimeModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's quickstart recipe itself, with every real module, through the command line:
 * the embedded Fashion-MNIST sample, the trained baseline, structured removal, fine-tuning,
 * gradual pruning, strip and compilation to the runtime. Seeds are fixed and surefire runs ND4J with one thread, so the run
 * is deterministic.
 */
class QuickstartEndToEndTest {

  private static final List<String> METRICS = List.of("parameters", "nonZeroParameters", "fileBytes",
      "gzipBytes", "latency", "accuracy", "loss");

  @TempDir
  Path dir;

  @Test
  void quickstartRecipeRunsAndEveryStageIsMeasured() throws Exception {
    Path out = dir.resolve("quickstart");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));

    int code = commandLine.execute("run", Path.of("..", "examples", "quickstart.yaml").toString(),
        "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    assertThat(console.toString()).contains("baseline", "remove-half", "finetune", "sparse-80", "prune.strip", "compiled");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.fieldNames()).toIterable().containsExactly("recipe", "provenance", "baseline", "stages");
    for (JsonNode metrics : List.of(report.path("baseline"), report.at("/stages/0/metrics"),
        report.at("/stages/1/metrics"), report.at("/stages/2/metrics"), report.at("/stages/3/metrics"),
        report.at("/stages/4/metrics"))) {
      assertThat(metrics.fieldNames()).toIterable().containsAll(METRICS);
      assertThat(metrics.at("/latency/batch1/p50Micros").asDouble()).isPositive();
      assertThat(metrics.at("/latency/batch64/p95Micros").asDouble()).isPositive();
    }
    JsonNode baseline = report.path("baseline");
    // the bar for the quickstart's baseline on the embedded sample
    assertThat(baseline.path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.82);
    JsonNode removed = report.at("/stages/0/metrics");
    assertThat(removed.path("parameters").asLong()).isLessThan(baseline.path("parameters").asLong() / 2);
    JsonNode sparse = report.at("/stages/2/metrics");
    JsonNode stripped = report.at("/stages/3/metrics");
    // 80 % of the weights of the smaller network are zero (biases stay), and the file shrinks with them
    assertThat(1.0 - sparse.path("nonZeroParameters").asDouble() / sparse.path("parameters").asDouble())
        .isCloseTo(0.8, within(0.01));
    assertThat(stripped.path("gzipBytes").asLong()).isLessThan(removed.path("gzipBytes").asLong() / 2);
    assertThat(stripped.path("accuracy").asDouble()).isGreaterThan(baseline.path("accuracy").asDouble() - 0.02);
    assertThat(report.at("/stages/2/diagnostics/summariesFile").asText()).isEqualTo("pruning-summaries.csv");
    assertThat(out.resolve("stages/03-sparse-80/pruning-summaries.csv")).exists();
    // the compiled runtime model: the stripped network's weights, DL4J's probabilities and its accuracy
    JsonNode compiled = report.at("/stages/4/metrics");
    assertThat(compiled.path("parameters").asLong()).isEqualTo(stripped.path("parameters").asLong());
    assertThat(compiled.path("nonZeroParameters").asLong()).isEqualTo(stripped.path("nonZeroParameters").asLong());
    assertThat(compiled.path("accuracy").asDouble()).isCloseTo(stripped.path("accuracy").asDouble(), within(1e-9));
    JsonNode compileDiagnostics = report.at("/stages/4/diagnostics");
    assertThat(compileDiagnostics.path("top1Agreement").asDouble()).isEqualTo(1.0);
    assertThat(compileDiagnostics.path("maxAbsDifference").asDouble()).isLessThanOrEqualTo(1e-5);
    assertThat(compileDiagnostics.path("layers")).hasSize(3);
    RuntimeModel runtime = RuntimeModel.load(out.resolve("model.tpm"));
    assertThat(runtime.parameterCount()).isEqualTo(stripped.path("parameters").asLong());
    assertThat(runtime.classNames()).hasSize(10);
    assertThat(compiled.path("fileBytes").asLong()).isEqualTo(java.nio.file.Files.size(out.resolve("model.tpm")));
    // beside it, the last network as an ordinary DL4J model with the stripped weights
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile());
    try (NetworkModel handle = NetworkModel.of(model)) {
      assertThat(handle.parameterCount()).isEqualTo(stripped.path("parameters").asLong());
      assertThat(handle.nonZeroParameterCount()).isEqualTo(stripped.path("nonZeroParameters").asLong());
    }
  }
}
