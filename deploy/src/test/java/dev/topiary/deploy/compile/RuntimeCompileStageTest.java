package dev.topiary.deploy.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.inject.Guice;
import com.google.inject.Key;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.InputScaling;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.stage.StageTypeDescriptor;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.deploy.DeployModule;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.runtime.RuntimeModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class RuntimeCompileStageTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir
  Path dir;

  private record Context(String stageName, DataSplits data, Path workDirectory) implements StageContext {
    @Override
    public long seed() {
      return 1;
    }

    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  private static Map<String, StageFactory<?>> registry() {
    return Guice.createInjector(new DeployModule()).getInstance(Key.get(StageBindings.REGISTRY_TYPE));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Stage stage(String yaml) throws Exception {
    StageFactory factory = registry().get(RuntimeCompileSpec.TYPE);
    return factory.create((Record) YAML.readValue(yaml, factory.specType()));
  }

  @Test
  void moduleRegistersTheStageWithDocumentedParameters() throws Exception {
    assertThat(registry()).containsKey("runtime.compile");
    StageTypeDescriptor descriptor = StageTypeDescriptor.of(RuntimeCompileSpec.TYPE, RuntimeCompileSpec.class);
    assertThat(descriptor.description()).isNotBlank();
    assertThat(descriptor.requiredParameters()).isEmpty();
    RuntimeCompileSpec spec = YAML.readValue("{}", RuntimeCompileSpec.class);
    assertThat(spec).isEqualTo(new RuntimeCompileSpec(KernelPolicy.AUTO, 0.5, 200));
    assertThat(YAML.readValue(YAML.writeValueAsString(spec), RuntimeCompileSpec.class)).isEqualTo(spec);
    assertThat(YAML.readValue("{kernels: sparse}", RuntimeCompileSpec.class).kernels()).isEqualTo(KernelPolicy.SPARSE);
  }

  @Test
  void specValidation() {
    assertThatThrownBy(() -> new RuntimeCompileSpec(null, 1.5, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sparsityThreshold must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new RuntimeCompileSpec(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timingMillis must be at least 1, got 0");
  }

  @Test
  void compilesAPrunedNetworkAndChecksItAgainstDl4j() throws Exception {
    Dataset train = Dl4jNetworks.data(40, 30, 4, null, 21);
    Dataset test = new Dataset(Dl4jNetworks.rows(30, 30, 22), new int[30], 30, 4, null, List.of("w", "x", "y", "z"));
    DataSplits data = new DataSplits(train, Dataset.emptyLike(train), test);
    try (NetworkModel network = NetworkModel.of(Dl4jNetworks.architecture("mlp", List.of(24, 12), "relu", train, 21))) {
      float[] mask = new float[30 * 24];
      for (int i = 0; i < mask.length; i += 7) {
        mask[i] = 1f;
      }
      network.setMask("0_W", Nd4j.create(mask, new long[] {30, 24}, 'c'));
      Stage stage = stage("{kernels: auto, timingMillis: 4}");
      assertThat(stage.producedKind(ModelKind.DL4J_NETWORK)).isEqualTo(ModelKind.RUNTIME_MODEL);
      StageResult result = stage.apply(network, new Context("compile", data, dir));
      assertThat(result.model()).isInstanceOf(RuntimeModelHandle.class);
      RuntimeModelHandle handle = (RuntimeModelHandle) result.model();
      assertThat(handle.kind()).isEqualTo(ModelKind.RUNTIME_MODEL);
      assertThat(handle.fileExtension()).isEqualTo("tpm");
      assertThat(handle.nonZeroParameterCount()).isEqualTo(network.nonZeroParameterCount());
      assertThat(handle.parameterCount()).isEqualTo(network.parameterCount());
      assertThat(handle.describe()).matches("runtime: in 30 → dense/(dense|sparse) 24 → dense/dense 12 → dense/dense 4");
      assertThat(result.diagnostics().get("top1Agreement")).isEqualTo(1.0);
      assertThat((double) result.diagnostics().get("maxAbsDifference")).isLessThanOrEqualTo(1e-5);
      assertThat(result.diagnostics().get("comparedRows")).isEqualTo(30);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> layers = (List<Map<String, Object>>) result.diagnostics().get("layers");
      assertThat(layers).hasSize(3);
      assertThat(layers.get(0)).containsKeys("denseMicros", "sparseMicros").containsEntry("weightSparsity", 0.8569); // 617 of 720 zero
      assertThat(layers.get(1)).doesNotContainKey("denseMicros").containsEntry("kernel", "dense");

      Path file = dir.resolve("model.tpm");
      handle.save(file);
      RuntimeModel loaded = RuntimeModel.load(file);
      assertThat(loaded.classNames()).containsExactly("w", "x", "y", "z");
      Inference inference = handle.inference();
      float[] rows = test.featureRows(0, 3);
      try (Inference.Batch batch = inference.prepare(rows, 3)) {
        assertThat(loaded.predict(rows, 3)).containsExactly(inference.probabilities(batch));
      }
      assertThatThrownBy(() -> inference.prepare(new float[5], 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expected 1 rows of 30 features (30 values), got 5 values");
    }
  }

  @Test
  void theSavedModelCarriesTheDataSourcesScalingAndTakesRawRows() throws Exception {
    Dataset train = Dl4jNetworks.data(20, 12, 3, null, 31);
    Dataset test = Dl4jNetworks.data(6, 12, 3, null, 32);
    float[] offset = new float[12];
    float[] divisor = new float[12];
    for (int i = 0; i < 12; i++) {
      offset[i] = i * 0.5f;
      divisor[i] = 1 + i;
    }
    DataSplits data = new DataSplits(train, Dataset.emptyLike(train), test, new InputScaling(offset, divisor));
    try (NetworkModel network = NetworkModel.of(Dl4jNetworks.architecture("mlp", List.of(8), "tanh", train, 31))) {
      StageResult result = stage("{kernels: dense}").apply(network, new Context("compile", data, dir));
      assertThat(result.diagnostics().get("inputScaling")).isEqualTo("in the file: it takes raw rows");
      RuntimeModelHandle handle = (RuntimeModelHandle) result.model();
      Path file = dir.resolve("scaled.tpm");
      handle.save(file);
      RuntimeModel deployed = RuntimeModel.load(file);
      float[] features = test.featureRows(0, 6);
      float[] raw = new float[features.length];
      for (int k = 0; k < raw.length; k++) {
        raw[k] = features[k] * divisor[k % 12] + offset[k % 12];
      }
      float[] expected = Dl4jNetworks.output(network.network(), features, 6);
      float[] actual = deployed.predict(raw, 6);
      for (int k = 0; k < expected.length; k++) {
        assertThat(actual[k]).isCloseTo(expected[k], org.assertj.core.api.Assertions.within(1e-5f));
      }
      Inference inference = handle.inference();
      try (Inference.Batch batch = inference.prepare(features, 6)) {
        float[] onFeatures = inference.probabilities(batch);
        for (int k = 0; k < expected.length; k++) {
          assertThat(onFeatures[k]).isCloseTo(expected[k], org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
    }
  }

  @Test
  void rejectsARuntimeModelInput() throws Exception {
    Stage stage = stage("{kernels: dense}");
    RuntimeModelHandle handle = RuntimeModelHandle.of(RuntimeModel.builder(2)
        .activation(dev.topiary.runtime.Activation.SOFTMAX).build());
    Dataset train = Dl4jNetworks.data(4, 2, 2, null, 1);
    assertThatThrownBy(() -> stage.apply(handle, new Context("compile", new DataSplits(train, train, train), dir)))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("needs a trainable DL4J network, got a compiled runtime model");
  }
}
