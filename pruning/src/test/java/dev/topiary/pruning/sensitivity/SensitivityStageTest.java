package dev.topiary.pruning.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitivityStageTest {

  private static final ObjectMapper YAML = TopiaryJson.create().yaml();

  private record Context(Path workDirectory, DataSplits data) implements StageContext {
    @Override
    public String stageName() {
      return "sensitivity";
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

  private static SensitivitySpec spec(String yaml) throws Exception {
    return YAML.readValue(yaml, SensitivitySpec.class);
  }

  @Test
  void theSpecKeepsTheContractAndFillsItsDefaults() throws Exception {
    StageSpecContract.check(SensitivitySpec.class, "{}", YAML);
    SensitivitySpec spec = spec("{}");
    assertThat(spec.sparsities()).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);
    assertThat(spec.maxAccuracyDrop()).isEqualTo(0.01);
    assertThat(spec.layers()).isEmpty();
    assertThat(spec.evaluationExamples()).isNull();
    assertThat(spec("{sparsities: [0.9, 0.3]}").sparsities()).containsExactly(0.3, 0.9);
    assertThat(YAML.readValue(YAML.writeValueAsString(spec), SensitivitySpec.class)).isEqualTo(spec);
  }

  private static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> spec(yaml))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersAreRejectedWithExactMessages() {
    assertRejected("{sparsities: []}", "sparsities must not be empty, got []");
    assertRejected("{sparsities: [0.5, 1.0]}", "sparsities[1] must be in [0, 1), got 1.0");
    assertRejected("{sparsities: [-0.5]}", "sparsities[0] must be in [0, 1), got -0.5");
    assertRejected("{sparsities: [0.5, 0.5]}", "sparsities[1] repeats 0.5");
    assertRejected("{maxAccuracyDrop: -0.01}", "maxAccuracyDrop must be at least 0, got -0.01");
    assertRejected("{evaluationExamples: 0}", "evaluationExamples must be at least 1, got 0");
    assertRejected("{layers: [' ']}", "layers must not contain blank entries, got [ ]");
  }

  @Test
  void theStageReturnsAnUnchangedCopyAndWritesItsFiles(@TempDir Path directory) throws Exception {
    Dataset data = SensitivityAnalysisTest.DATA;
    try (NetworkModel model = SensitivityAnalysisTest.handSet()) {
      float[] before = model.network().params().dup().data().asFloat();
      StageResult result = new SensitivityFactory().create(spec("{sparsities: [0.25, 0.5, 0.75]}"))
          .apply(model, new Context(directory, new DataSplits(data, data, Dataset.emptyLike(data))));
      try (NetworkModel copy = (NetworkModel) result.model()) {
        assertThat(copy).isNotSameAs(model);
        assertThat(copy.hasMasks()).isFalse();
        assertThat(copy.network().params().dup().data().asFloat()).containsExactly(before);
        assertThat(model.network().params().dup().data().asFloat()).containsExactly(before);
      }
      Map<String, Object> diagnostics = result.diagnostics();
      assertThat(diagnostics.get("note")).isEqualTo("analysis only: the model is returned unchanged; use "
          + "sensitivity-overrides.yaml as a prune.magnitude stage");
      assertThat(diagnostics.get("evaluatedOn")).isEqualTo("validation");
      assertThat(diagnostics.get("denseAccuracy")).isEqualTo(1.0);
      assertThat(diagnostics.get("files")).isEqualTo(List.of("sensitivity.csv", "sensitivity.png",
          "sensitivity-overrides.yaml"));
      assertThat(diagnostics.get("allowedSparsities")).isEqualTo(List.of(
          Map.of("layer", 0, "name", "layer0", "type", "dense", "allowedSparsity", 0.5),
          Map.of("layer", 1, "name", "layer1", "type", "output", "allowedSparsity", 0.25)));
      @SuppressWarnings("unchecked")
      List<SensitivityPoint> table = (List<SensitivityPoint>) diagnostics.get("table");
      assertThat(table).extracting(SensitivityPoint::accuracy).containsExactly(1.0, 1.0, 0.5, 1.0, 0.5, 0.5);
      assertThat(Files.readAllLines(directory.resolve("sensitivity.csv"))).hasSize(7)
          .startsWith("layer,layerName,sparsity,accuracy,loss");
      assertThat(ImageIO.read(directory.resolve("sensitivity.png").toFile())).isNotNull();
      assertThat(Files.readString(directory.resolve("sensitivity-overrides.yaml"))).contains("layer0: 0.5",
          "layer1: 0.25");
    }
  }

  @Test
  void problemsThatNeedTheNetworkFailTheStageByName(@TempDir Path directory) throws Exception {
    Dataset data = SensitivityAnalysisTest.DATA;
    try (NetworkModel model = SensitivityAnalysisTest.handSet()) {
      assertThatThrownBy(() -> new SensitivityFactory().create(spec("{layers: [fc9]}"))
          .apply(model, new Context(directory, new DataSplits(data, data, data))))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'sensitivity': layers: no layer named 'fc9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]");
    }
  }
}
