package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe on the embedded Fashion-MNIST sample that trains {@code cnn-small}, prunes half its
 * weights, exports it with {@code export.onnx} and ends in {@code runtime.compile}, through the
 * command line with every real module: the export stage writes {@code model.onnx} into its folder,
 * its self-check passes, and the file holds the pruned weights as zeros.
 */
class OnnxExportEndToEndTest {

  private static final String RECIPE = """
      name: onnx-export
      seed: 42
      data: {source: fashion-mnist-sample, trainLimit: 500, testLimit: 200}
      model:
        train: {architecture: cnn-small, epochs: 1}
      measure: {warmupMillis: 0, iterations: 5}
      stages:
        - {type: prune.magnitude, sparsity: 0.5, scope: global}
        - {type: export.onnx, name: onnx}
        - {type: runtime.compile, kernels: dense}
      """;

  @TempDir
  Path dir;

  @Test
  void aRecipeWithExportOnnxThenRuntimeCompileWritesACheckedFile() throws Exception {
    Path recipe = Files.writeString(dir.resolve("onnx.yaml"), RECIPE);
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));

    int code = commandLine.execute("run", recipe.toString(), "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    assertThat(console.toString()).contains("prune.magnitude", "onnx", "runtime.compile");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    JsonNode stage = report.at("/stages/1");
    assertThat(stage.path("type").asText()).isEqualTo("export.onnx");
    JsonNode diagnostics = stage.path("diagnostics");
    assertThat(diagnostics.path("file").asText()).isEqualTo("model.onnx");
    assertThat(diagnostics.path("opset").asInt()).isEqualTo(13);
    assertThat(diagnostics.path("input").asText()).isEqualTo("features [N, 784] reshaped to [1, 28, 28]");
    assertThat(diagnostics.at("/classNames/0").asText()).isEqualTo("T-shirt/top");
    assertThat(diagnostics.at("/selfCheck/examples").asInt()).isEqualTo(200);
    assertThat(diagnostics.at("/selfCheck/maxAbsDifference").asDouble()).isLessThanOrEqualTo(1e-5);
    assertThat(diagnostics.at("/selfCheck/top1Agreement").asDouble()).isEqualTo(1.0);
    Path file = out.resolve("stages/02-onnx/model.onnx");
    assertThat(file).exists();
    assertThat(Files.size(file)).isEqualTo(diagnostics.path("fileBytes").asLong());
    // the export stage returns the model unchanged, and the file holds every zero the pruning made
    JsonNode pruned = report.at("/stages/0/metrics");
    JsonNode exported = stage.path("metrics");
    assertThat(exported.path("nonZeroParameters").asLong()).isEqualTo(pruned.path("nonZeroParameters").asLong());
    long zeros = 0;
    long values = 0;
    for (TensorProto tensor : ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getInitializerList()) {
      if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
        continue;
      }
      FloatBuffer floats = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      while (floats.hasRemaining()) {
        values++;
        if (floats.get() == 0f) {
          zeros++;
        }
      }
    }
    assertThat(values).isEqualTo(pruned.path("parameters").asLong());
    assertThat(values - zeros).isEqualTo(pruned.path("nonZeroParameters").asLong());
    // export.onnx returned a trainable network, so the compile stage after it could run
    assertThat(report.at("/stages/2/type").asText()).isEqualTo("runtime.compile");
  }
}
