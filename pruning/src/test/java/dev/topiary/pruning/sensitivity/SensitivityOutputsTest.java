package dev.topiary.pruning.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pruning.LayerPruning;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.stages.MaskCriterion;
import dev.topiary.pruning.stages.MaskPruningSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensitivityOutputsTest {

  private static final ObjectMapper YAML = TopiaryJson.create().yaml();

  @Test
  void csvHasOneRowPerPoint() {
    SensitivityTable table = new SensitivityTable("validation", 4, 1.0, 0.1, List.of(0.5),
        List.of(new SensitivityLayer(0, "fc,1", "dense", "0"), new SensitivityLayer(2, "out", "output", "out")),
        List.of(new SensitivityPoint(0, "fc,1", 0.5, 0.75, 0.625), new SensitivityPoint(2, "out", 0.5, 1.0, 0.125)));
    assertThat(SensitivityOutputs.csv(table)).isEqualTo("""
        layer,layerName,sparsity,accuracy,loss
        0,"fc,1",0.5,0.75,0.625
        2,out,0.5,1.0,0.125
        """);
  }

  @Test
  void overridesAreAMagnitudeEntryARecipeCanUse() throws Exception {
    String yaml = SensitivityOutputs.overridesYaml(SensitivityAnalysisTest.handMade(), 0.01);
    assertThat(yaml).isEqualTo("""
        # prune.magnitude from a sensitivity analysis: each layer at the largest sparsity that alone
        # cost at most 0.01 accuracy (dense 0.93 on 100 examples, validation).
        # Layers pruned together lose more than each alone: fine-tune afterwards.
          - type: prune.magnitude
            sparsity: 0.0
            scope: layer
            layers:
              - fc1
              - "1"
              - out
            overrides:
              fc1: 0.7
              "1": 0.0
              out: 0.7
        """);
    MaskPruningSpec spec = readBack(yaml);
    assertThat(spec.layers()).containsExactly("fc1", "1", "out");
    assertThat(spec.overrides()).containsExactly(Map.entry("fc1", 0.7), Map.entry("1", 0.0), Map.entry("out", 0.7));
    assertThat(spec.scope()).isEqualTo(Scope.LAYER);
  }

  private static MaskPruningSpec readBack(String yaml) throws Exception {
    ArrayNode stages = (ArrayNode) YAML.readTree(yaml);
    assertThat(stages).hasSize(1);
    ObjectNode entry = (ObjectNode) stages.get(0);
    assertThat(entry.remove("type").asText()).isEqualTo(MaskCriterion.MAGNITUDE.type());
    entry.put("criterion", MaskCriterion.MAGNITUDE.recipeName());
    return YAML.treeToValue(entry, MaskPruningSpec.class);
  }

  @Test
  void theOverridesPruneEachLayerToItsAllowedSparsity() throws Exception {
    try (NetworkModel model = SensitivityAnalysisTest.handSet()) {
      SensitivityTable table = SensitivityAnalysis.analyze(model, SensitivityAnalysisTest.DATA, "validation",
          LayerSelection.ALL_WEIGHTS, List.of(0.25, 0.5, 0.75), ProgressReporter.NONE);
      MaskPruningSpec spec = readBack(SensitivityOutputs.overridesYaml(table, 0.01));
      try (PruningResult pruned = Pruner.prune(model, spec.toPlan(), new MagnitudeCriterion())) {
        assertThat(pruned.report().layers()).extracting(LayerPruning::sparsity).containsExactly(0.5, 0.25);
      }
    }
  }

  @Test
  void theFilesAreWrittenAndTheChartIsAnImage(@TempDir Path directory) throws Exception {
    SensitivityTable table = SensitivityAnalysisTest.handMade();
    Files.writeString(directory.resolve(SensitivityOutputs.CSV_FILE), "stale");
    List<Path> files = SensitivityOutputs.write(table, 0.01, directory);
    assertThat(files).containsExactly(directory.resolve("sensitivity.csv"), directory.resolve("sensitivity.png"),
        directory.resolve("sensitivity-overrides.yaml"));
    assertThat(Files.readString(files.get(0))).isEqualTo(SensitivityOutputs.csv(table));
    assertThat(Files.readString(files.get(2))).isEqualTo(SensitivityOutputs.overridesYaml(table, 0.01));
    BufferedImage image = ImageIO.read(files.get(1).toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(560);
    assertThat(ImageIO.read(new ByteArrayInputStream(SensitivityOutputs.chartPng(table)))).isNotNull();
    assertThat(SensitivityOutputs.chart(table).getSeriesMap()).containsOnlyKeys("0 fc1 (dense)", "1 dense (dense)",
        "2 out (output)", "dense 0.9300");
    try (var listing = Files.list(directory)) {
      assertThat(listing.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("sensitivity.csv", "sensitivity.png", "sensitivity-overrides.yaml");
    }
  }
}
