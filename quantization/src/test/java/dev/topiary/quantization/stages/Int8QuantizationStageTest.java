package dev.topiary.quantization.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.quantization.CalibrationMethod;
import dev.topiary.quantization.WeightGranularity;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8QuantizationStageTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir
  Path work;

  private record Context(String stageName, long seed, DataSplits data, Path workDirectory) implements StageContext {
    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  @Test
  void specFollowsTheContractAndHasTheDocumentedDefaults() throws Exception {
    StageSpecContract.check(Int8QuantizationSpec.class, "{}");
    Int8QuantizationSpec spec = YAML.readValue("{}", Int8QuantizationSpec.class);
    assertThat(spec.weights()).isEqualTo(WeightGranularity.PER_CHANNEL);
    assertThat(spec.calibration()).isEqualTo(CalibrationMethod.ENTROPY);
    assertThat(spec.percentile()).isEqualTo(99.99);
    assertThat(spec.calibrationExamples()).isEqualTo(512);
    assertThat(spec.biasCorrection()).isTrue();
    assertThat(spec.maxAccuracyDrop()).isNull();
    Int8QuantizationSpec full = YAML.readValue("""
        weights: per-tensor
        activations: symmetric
        calibration: percentile
        percentile: 99.9
        calibrationExamples: 100
        biasCorrection: false
        keepFloat: [layer2]
        kernels: sparse
        maxAccuracyDrop: 0.001
        """, Int8QuantizationSpec.class);
    assertThat(full.weights()).isEqualTo(WeightGranularity.PER_TENSOR);
    assertThat(full.keepFloat()).containsExactly("layer2");
  }

  private static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> YAML.readValue(yaml, Int8QuantizationSpec.class))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersHaveExactMessages() {
    assertRejected("percentile: 50", "percentile must be in (50, 100], got 50.0");
    assertRejected("percentile: 100.1", "percentile must be in (50, 100], got 100.1");
    assertRejected("calibrationExamples: 0", "calibrationExamples must be positive, got 0");
    assertRejected("calibrationExamples: -5", "calibrationExamples must be positive, got -5");
    assertRejected("maxAccuracyDrop: 1", "maxAccuracyDrop must be in [0, 1), got 1.0");
    assertRejected("timingMillis: 0", "timingMillis must be at least 1, got 0");
    assertThatThrownBy(() -> YAML.readValue("calibration: kl", Int8QuantizationSpec.class))
        .hasRootCauseMessage("calibration must be one of [minmax, percentile, entropy, mse], got 'kl'");
  }

  @Test
  void stageTurnsANetworkIntoAnInt8RuntimeModelWithAReport() throws Exception {
    Dataset train = TinyNetworks.blobs(5, 400, 12, 3);
    Dataset validation = TinyNetworks.blobs(6, 100, 12, 3);
    try (NetworkModel network = TinyNetworks.mlp(2, 12, 24, 3)) {
      network.network().fit(train.iterator(50, true, 1));
      Int8QuantizationStage stage = new Int8QuantizationStage(YAML.readValue("{calibrationExamples: 128, "
          + "timingMillis: 5, maxAccuracyDrop: 0.5}", Int8QuantizationSpec.class));
      assertThat(stage.acceptedKinds()).containsExactly(ModelKind.DL4J_NETWORK);
      assertThat(stage.producedKind(ModelKind.DL4J_NETWORK)).isEqualTo(ModelKind.RUNTIME_MODEL);
      StageResult result = stage.apply(network, new Context("quantize", 7, new DataSplits(train, validation,
          validation), work));
      RuntimeModelHandle handle = (RuntimeModelHandle) result.model();
      assertThat(handle.kind()).isEqualTo(ModelKind.RUNTIME_MODEL);
      assertThat(handle.model().layers()).extracting(LayerInfo::kernel)
          .containsExactly(KernelKind.INT8, KernelKind.INT8);
      Map<String, Object> d = result.diagnostics();
      assertThat(d).containsKeys("settings", "layers", "fileBytes", "testTop1AgreementWithFp32",
          "validationAccuracy", "fallback", "speed");
      assertThat((List<?>) d.get("layers")).hasSize(2);
      assertThat(((Map<?, ?>) d.get("speed")).get("verdict").toString()).startsWith("batch 1: int8 is ");
      assertThat(Files.readAllLines(work.resolve("quantization.csv"))).hasSize(3);
      assertThat(d.get("reportMarkdown").toString()).startsWith("| layer | precision | kernel |")
          .contains("| dense_0 | int8 | ", "Measured speed: batch 1: int8 is ");
      assertThat(Files.readAllLines(work.resolve("histograms.csv")).get(0)).isEqualTo("layer,side,bin,lower,upper,count");
      assertThat(network.network().params()).isNotNull();
    }
  }

  @Test
  void tooManyCalibrationExamplesIsAStageError() throws Exception {
    Dataset train = TinyNetworks.blobs(5, 40, 6, 3);
    try (NetworkModel network = TinyNetworks.mlp(2, 6, 3)) {
      Int8QuantizationStage stage = new Int8QuantizationStage(YAML.readValue("{}", Int8QuantizationSpec.class));
      assertThatThrownBy(() -> stage.apply(network, new Context("q8", 1, new DataSplits(train,
          Dataset.emptyLike(train), Dataset.emptyLike(train)), work)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'q8': calibrationExamples is 512, but the training split has only 40 rows")
          .cause().isInstanceOf(dev.topiary.core.BadInputException.class);
      Int8QuantizationStage unknown = new Int8QuantizationStage(YAML.readValue("{calibrationExamples: 10, "
          + "keepFloat: [fc9]}", Int8QuantizationSpec.class));
      assertThatThrownBy(() -> unknown.apply(network, new Context("q8", 1, new DataSplits(train,
          Dataset.emptyLike(train), Dataset.emptyLike(train)), work)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'q8': keepFloat names unknown layer 'fc9'; known: [layer0, dense_0]");
    }
  }
}
