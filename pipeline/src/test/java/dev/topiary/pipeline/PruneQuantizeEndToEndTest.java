package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example recipe {@code examples/prune-quantize.yaml} through the command line with every
 * real module: train on the embedded sample, prune 90 % by magnitude, fine-tune, quantize to int8.
 * The int8 row must show the fall in file size and a measured latency.
 */
class PruneQuantizeEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void pruneFinetuneQuantizeRecipeRunsAndReportsTheInt8Model() throws Exception {
    Path out = dir.resolve("prune-quantize");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));

    int code = commandLine.execute("run", Path.of("..", "examples", "prune-quantize.yaml").toString(),
        "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    assertThat(console.toString()).contains("baseline", "prune-90", "finetune", "int8");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    JsonNode baseline = report.path("baseline");
    JsonNode finetuned = report.at("/stages/1/metrics");
    JsonNode int8 = report.at("/stages/2/metrics");
    // the int8 runtime file of the 90 %-pruned network is far smaller than the dense DL4J zip
    assertThat(int8.path("fileBytes").asLong() * 15).isLessThan(baseline.path("fileBytes").asLong());
    assertThat(int8.at("/latency/batch1/p50Micros").asDouble()).isPositive();
    assertThat(int8.at("/latency/batch64/p50Micros").asDouble()).isPositive();
    assertThat(int8.path("accuracy").asDouble()).isGreaterThan(finetuned.path("accuracy").asDouble() - 0.01);
    JsonNode diagnostics = report.at("/stages/2/diagnostics");
    assertThat(diagnostics.at("/layers").size()).isEqualTo(3);
    assertThat(diagnostics.at("/layers/0/precision").asText()).isEqualTo("int8");
    assertThat(diagnostics.at("/layers/0/sqnrDb").asDouble()).isGreaterThan(20);
    assertThat(diagnostics.at("/fileBytes/ratio").asDouble()).isLessThan(0.5);
    assertThat(diagnostics.at("/testTop1AgreementWithFp32").asDouble()).isGreaterThan(0.98);
    assertThat(diagnostics.at("/speed/verdict").asText()).startsWith("batch 1: int8 is ");
    assertThat(out.resolve("stages/03-int8/quantization.csv")).exists();
    assertThat(java.nio.file.Files.readString(out.resolve("report.md"))).contains("## int8 (quantize.int8)",
        "| dense_0 | int8 |", "Measured speed: batch 1: int8 is ");
    Path tpm = out.resolve("model.tpm");
    assertThat(tpm).exists();
    RuntimeModel model = RuntimeModel.load(tpm);
    // the file carries the sample's pixel scaling, so it classifies raw 0..255 rows
    assertThat(model.layers().get(0).type()).isEqualTo("scale");
    assertThat(model.layers()).extracting(LayerInfo::kernel)
        .allMatch(k -> k == KernelKind.INT8 || k == KernelKind.SPARSE_INT8 || k == KernelKind.NONE);
    assertThat(Files.size(tpm)).isEqualTo(int8.path("fileBytes").asLong());
  }
}
