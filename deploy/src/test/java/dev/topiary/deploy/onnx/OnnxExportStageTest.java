package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Key;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.deploy.DeployModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

class OnnxExportStageTest {

  private static final ObjectMapper YAML = TopiaryJson.create().yaml();

  @TempDir
  Path dir;

  private record Context(Path workDirectory, DataSplits data) implements StageContext {
    @Override
    public String stageName() {
      return "export";
    }

    @Override
    public long seed() {
      return 3;
    }

    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  @Test
  void theSpecKeepsTheContractAndFillsItsDefaults() throws Exception {
    StageSpecContract.check(OnnxExportSpec.class, "{}", YAML);
    assertThat(YAML.readValue("{}", OnnxExportSpec.class)).isEqualTo(new OnnxExportSpec("model.onnx", 256));
    assertThat(new OnnxExportSpec()).isEqualTo(new OnnxExportSpec("model.onnx", 256));
  }

  @Test
  void theSpecRejectsBadValuesWithExactMessages() {
    assertThatThrownBy(() -> new OnnxExportSpec("../model.onnx", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fileName must be a plain file name ending in .onnx (letters, digits, '.', '_', '-'), "
            + "got '../model.onnx'");
    assertThatThrownBy(() -> new OnnxExportSpec("model.zip", null))
        .hasMessage("fileName must be a plain file name ending in .onnx (letters, digits, '.', '_', '-'), "
            + "got 'model.zip'");
    assertThatThrownBy(() -> new OnnxExportSpec(null, -1))
        .hasMessage("checkExamples must be at least 0, got -1");
  }

  @Test
  void theDeployModuleRegistersTheStage() {
    Map<String, ?> registry = Guice.createInjector(new DeployModule()).getInstance(Key.get(StageBindings.REGISTRY_TYPE));
    assertThat(registry).containsKey("export.onnx");
    assertThat(((StageFactory<?>) registry.get("export.onnx")).specType()).isEqualTo(OnnxExportSpec.class);
  }

  @Test
  void writesTheFileChecksItAndReturnsAnUnchangedCopy() throws Exception {
    Dataset blobs = TinyNetworks.blobs(5, 40, 6, 3);
    try (NetworkModel input = TinyNetworks.mlp(9, 6, 8, 3)) {
      StageResult result = OnnxExportSpec.stageFactory().create(new OnnxExportSpec(null, 30))
          .apply(input, new Context(dir, new DataSplits(blobs, blobs, blobs)));

      try (NetworkModel output = (NetworkModel) result.model()) {
        assertThat(output).isNotSameAs(input);
        assertThat(output.network().params()).isEqualTo(input.network().params());
        Path file = dir.resolve("model.onnx");
        assertThat(file).exists();
        Map<String, Object> diagnostics = result.diagnostics();
        assertThat(diagnostics.keySet()).containsExactly("file", "fileBytes", "opset", "input", "output",
            "classNames", "operators", "parameterValues", "selfCheck");
        assertThat(diagnostics.get("classNames")).isEqualTo(java.util.List.of());
        assertThat(diagnostics.get("file")).isEqualTo("model.onnx");
        assertThat(diagnostics.get("fileBytes")).isEqualTo((int) Files.size(file));
        assertThat(diagnostics.get("opset")).isEqualTo(13L);
        assertThat(diagnostics.get("input")).isEqualTo("features [N, 6]");
        assertThat(diagnostics.get("output")).isEqualTo("probabilities [N, 3]");
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) diagnostics.get("selfCheck");
        assertThat(check.get("examples")).isEqualTo(30);
        assertThat((double) check.get("maxAbsDifference")).isLessThanOrEqualTo(1e-5);
        assertThat(check.get("top1Agreement")).isEqualTo(1.0);
        // ONNX Runtime runs the written file with DL4J's probabilities
        try (OnnxRuntimeSession session = new OnnxRuntimeSession(Files.readAllBytes(file), 6)) {
          float[] onnx = session.run(blobs.featureRows(0, 40), 40);
          float[] dl4j = input.network().output(blobs.featureMatrix(0, 40), false).dup('c').data().asFloat();
          for (int k = 0; k < dl4j.length; k++) {
            assertThat((double) onnx[k]).isCloseTo(dl4j[k], org.assertj.core.api.Assertions.within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void checkExamplesZeroSkipsTheCheck() throws Exception {
    Dataset blobs = TinyNetworks.blobs(5, 10, 4, 2);
    try (NetworkModel input = TinyNetworks.mlp(9, 4, 2);
        NetworkModel output = (NetworkModel) OnnxExportSpec.stageFactory().create(new OnnxExportSpec("tiny.onnx", 0))
            .apply(input, new Context(dir, new DataSplits(blobs, blobs, blobs))).model()) {
      assertThat(dir.resolve("tiny.onnx")).exists();
      assertThat(output.parameterCount()).isEqualTo(input.parameterCount());
    }
  }

  @Test
  void anUnsupportedLayerFailsTheStageWithTheLayerAndTheSupportedList() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
        .dataType(DataType.FLOAT).list(
            new DenseLayer.Builder().nIn(4).nOut(2).activation(Activation.RELU).build(),
            new LossLayer.Builder().activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    Dataset blobs = TinyNetworks.blobs(5, 10, 4, 2);
    try (NetworkModel input = NetworkModel.of(network)) {
      assertThatThrownBy(() -> OnnxExportSpec.stageFactory().create(new OnnxExportSpec())
          .apply(input, new Context(dir, new DataSplits(blobs, blobs, blobs))))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'export': layer 1 (LossLayer): cannot be exported to ONNX; supported layers: "
              + "[DenseLayer, OutputLayer, ConvolutionLayer, SubsamplingLayer, BatchNormalization, ActivationLayer, "
              + "DropoutLayer]");
      assertThat(dir.resolve("model.onnx")).doesNotExist();
    }
  }
}
