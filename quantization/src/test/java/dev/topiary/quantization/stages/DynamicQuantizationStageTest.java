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
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicQuantizationStageTest {

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
  void specFollowsTheContract() {
    StageSpecContract.check(DynamicQuantizationSpec.class, "{}");
    assertThatThrownBy(() -> YAML.readValue("timingMillis: 0", DynamicQuantizationSpec.class))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().hasMessage("timingMillis must be at least 1, got 0");
  }

  @Test
  void weightsBecomeInt8AndActivationsAreQuantizedAtRunTime() throws Exception {
    Dataset train = TinyNetworks.blobs(5, 300, 10, 3);
    try (NetworkModel network = TinyNetworks.mlp(2, 10, 16, 3)) {
      network.network().fit(train.iterator(50, true, 1));
      DynamicQuantizationStage stage = new DynamicQuantizationStage(YAML.readValue("{timingMillis: 5}",
          DynamicQuantizationSpec.class));
      assertThat(stage.producedKind(ModelKind.DL4J_NETWORK)).isEqualTo(ModelKind.RUNTIME_MODEL);
      StageResult result = stage.apply(network, new Context("dyn", 1, new DataSplits(train, train, train), work));
      RuntimeModelHandle handle = (RuntimeModelHandle) result.model();
      assertThat(handle.model().layers()).extracting(LayerInfo::kernel)
          .containsExactly(KernelKind.DYNAMIC_INT8, KernelKind.DYNAMIC_INT8);
      Map<?, ?> accuracy = (Map<?, ?>) result.diagnostics().get("validationAccuracy");
      assertThat((Double) accuracy.get("int8")).isGreaterThan((Double) accuracy.get("fp32") - 0.02);
      assertThat(result.diagnostics()).containsKeys("fileBytes", "speed", "layers");

      DynamicQuantizationStage unknown = new DynamicQuantizationStage(YAML.readValue("keepFloat: [out]",
          DynamicQuantizationSpec.class));
      assertThatThrownBy(() -> unknown.apply(network, new Context("dyn", 1, new DataSplits(train, train, train),
          work)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'dyn': keepFloat names unknown layer 'out'; known: [layer0, layer1, dense_0, dense_1]");
    }
  }
}
