package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipe on the embedded Fashion-MNIST sample that trains the MLP, quantizes it with
 * {@code quantize.int8} and exports the int8 runtime model with {@code export.onnx}, through the
 * command line with every real module: the file is in QDQ form, takes the raw rows the saved runtime
 * model takes (its pixel scaling first), its self-check against the int8 runtime passes, and the
 * export returns the int8 model unchanged.
 */
class QuantizeExportOnnxEndToEndTest {

  private static final String RECIPE = """
      name: int8-onnx
      seed: 42
      data: {source: fashion-mnist-sample, trainLimit: 600, testLimit: 300}
      model:
        train: {architecture: mlp, hidden: [64, 32], epochs: 1}
      measure: {warmupMillis: 0, iterations: 5}
      stages:
        - {type: quantize.int8, name: int8, calibrationExamples: 256}
        - {type: export.onnx, name: onnx, fileName: int8.onnx}
      """;

  @TempDir
  Path dir;

  @Test
  void quantizeInt8ThenExportOnnxWritesACheckedQdqFile() throws Exception {
    Path recipe = Files.writeString(dir.resolve("int8-onnx.yaml"), RECIPE);
    Path out = dir.resolve("out");
    StringWriter console = new StringWriter();
    StringWriter errors = new StringWriter();
    var commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(console, true));
    commandLine.setErr(new PrintWriter(errors, true));

    int code = commandLine.execute("run", recipe.toString(), "--out", out.toString());

    assertThat(code).as(errors.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    JsonNode stage = report.at("/stages/1");
    assertThat(stage.path("type").asText()).isEqualTo("export.onnx");
    JsonNode diagnostics = stage.path("diagnostics");
    assertThat(diagnostics.path("file").asText()).isEqualTo("int8.onnx");
    assertThat(diagnostics.path("input").asText()).isEqualTo("features [N, 784]");
    assertThat(diagnostics.at("/selfCheck/examples").asInt()).isEqualTo(256);
    assertThat(diagnostics.at("/selfCheck/top1Agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
    Path file = out.resolve("stages/02-onnx/int8.onnx");
    assertThat(file).exists();
    assertThat(Files.size(file)).isEqualTo(diagnostics.path("fileBytes").asLong());
    List<String> operators = ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType).toList();
    assertThat(operators).containsExactly("Sub", "Mul",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Relu",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Relu",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Softmax");
    // the export returns the int8 runtime model unchanged: same file size, parameters and accuracy
    JsonNode int8 = report.at("/stages/0/metrics");
    JsonNode exported = stage.path("metrics");
    assertThat(exported.path("fileBytes").asLong()).isEqualTo(int8.path("fileBytes").asLong());
    assertThat(exported.path("nonZeroParameters").asLong()).isEqualTo(int8.path("nonZeroParameters").asLong());
    assertThat(exported.path("accuracy").asDouble()).isEqualTo(int8.path("accuracy").asDouble());
  }
}
