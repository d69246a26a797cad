package dev.topiary.pruning.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.stage.StageTypeDescriptor;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingHistory;
import dev.topiary.core.train.TrainingOptions;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code prune.structured} stage: its parameters, diagnostics and failures. */
class StructuredPruningStageTest {

  private static final Dataset MLP_DATA = TinyNetworks.blobs(3, 60, 6, 3);

  private static StructuredPruningSpec fraction(double fraction, List<String> layers) {
    return new StructuredPruningSpec(fraction, null, null, layers, null, null, null);
  }

  private static StageResult run(StructuredPruningSpec spec, NetworkModel model) throws StageException {
    Stage stage = new StructuredPruningFactory().create(spec);
    return stage.apply(model, StructuredFixtures.context("shrink", MLP_DATA));
  }

  @Test
  void specValidationNamesTheParameterAndValue() {
    assertThatThrownBy(() -> fraction(1.0, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> fraction(-0.1, null)).hasMessage("fraction must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> new StructuredPruningSpec(0.5, 2, null, null, null, null, null))
        .hasMessage("give either fraction or count, not both (got fraction 0.5 and count 2)");
    assertThatThrownBy(() -> new StructuredPruningSpec(null, null, null, null, null, null, null))
        .hasMessage("give fraction or count: neither is set");
    assertThatThrownBy(() -> new StructuredPruningSpec(null, -1, null, null, null, null, null))
        .hasMessage("count must not be negative, got -1");
    assertThatThrownBy(() -> new StructuredPruningSpec(null, 1, null, null, null, null, 0))
        .hasMessage("minUnits must be at least 1, got 0");
    assertThatThrownBy(() -> new StructuredPruningSpec(null, 1, null, null, null, Map.of("layer0", 1.5), null))
        .hasMessage("overrides.layer0 must be a fraction in [0, 1), got 1.5");
    assertThatThrownBy(() -> fraction(0.5, List.of()))
        .hasMessage("layers must not be empty (leave it out to prune every hidden dense and conv layer)");
    assertThatThrownBy(() -> fraction(0.5, List.of("dense", " ")))
        .hasMessage("layers[1] must be a layer index, name, dense or conv, got ' '");
    assertThatThrownBy(() -> UnitNorm.parse("l3")).hasMessage("norm must be one of [l1, l2], got 'l3'");
  }

  @Test
  void documentedDefaultsAreWhatTheConstructorFillsIn() throws Exception {
    StageTypeDescriptor descriptor = StageTypeDescriptor.of(StructuredPruningSpec.TYPE, StructuredPruningSpec.class);
    assertThat(descriptor.type()).isEqualTo("prune.structured");
    assertThat(descriptor.parameterNames())
        .containsExactly("fraction", "count", "norm", "layers", "includeBias", "overrides", "minUnits");
    assertThat(descriptor.requiredParameters()).isEmpty();
    StructuredPruningSpec defaults = new StructuredPruningSpec(null, 2, null, null, null, null, null);
    ObjectMapper json = new ObjectMapper();
    for (ParameterDescriptor parameter : descriptor.parameters()) {
      if (parameter.defaultValue().isEmpty()) {
        continue;
      }
      RecordComponent component = List.of(StructuredPruningSpec.class.getRecordComponents()).stream()
          .filter(c -> c.getName().equals(parameter.name())).findFirst().orElseThrow();
      Object value = component.getAccessor().invoke(defaults);
      String rendered = json.writeValueAsString(value).replace("\"", "").replace(",", ", ");
      assertThat(rendered).as(parameter.name()).isEqualTo(parameter.defaultValue());
    }
    assertThat(descriptor.parameters().get(2).type()).isEqualTo("one of [l1, l2]");
  }

  @Test
  void readsAndRoundTripsYaml() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    StructuredPruningSpec spec = yaml.readValue("""
        fraction: 0.25
        norm: l1
        layers: [0, layer1, conv]
        includeBias: true
        overrides: {"2": 0.5}
        """, StructuredPruningSpec.class);
    Map<String, Double> overrides = new LinkedHashMap<>();
    overrides.put("2", 0.5);
    assertThat(spec).isEqualTo(new StructuredPruningSpec(0.25, null, UnitNorm.L1, List.of("0", "layer1", "conv"),
        true, overrides, 1));
    assertThat(yaml.readValue(yaml.writeValueAsString(spec), StructuredPruningSpec.class)).isEqualTo(spec);
    // sparsity is the documented alias of fraction; the canonical name is written back
    StructuredPruningSpec alias = yaml.readValue("{sparsity: 0.25}", StructuredPruningSpec.class);
    assertThat(alias.fraction()).isEqualTo(0.25);
    assertThat(yaml.writeValueAsString(alias)).contains("fraction: 0.25").doesNotContain("sparsity");
  }

  @Test
  void defaultLayersAreHiddenDenseAndConvAndTheInputIsUntouched() throws Exception {
    try (NetworkModel cnn = TinyNetworks.cnn(5, 6, 4, 3)) {
      INDArray params = cnn.network().params().dup();
      String json = cnn.network().getLayerWiseConfigurations().toJson();
      StageResult result = run(fraction(0.5, null), cnn);
      try (NetworkModel pruned = (NetworkModel) result.model()) {
        assertThat(pruned).isNotSameAs(cnn);
        assertThat(cnn.network().params().equals(params)).isTrue();
        assertThat(cnn.network().getLayerWiseConfigurations().toJson()).isEqualTo(json);
        // conv 4 → 2 filters, dense 16 → 8 neurons, output 3 classes kept
        assertThat(pruned.describe()).isEqualTo("in 36 → convolution 2@3x3 → maxpool 2x2 → dense 8 → output 3");
        long expected = (2 * 9 + 2) + (2 * 4 * 8 + 8) + (8 * 3 + 3);
        assertThat(pruned.parameterCount()).isEqualTo(expected);
        assertThat(result.diagnostics()).containsEntry("parametersBefore", cnn.parameterCount())
            .containsEntry("parametersAfter", expected)
            .containsEntry("note", StructuredPruningStage.NOTE);
        List<?> layers = (List<?>) result.diagnostics().get("layers");
        assertThat(layers.stream().<Object>map(l -> ((Map<?, ?>) l).get("layer")).toList()).containsExactly(0, 2);
        assertThat(layers.stream().<Object>map(l -> ((Map<?, ?>) l).get("unitsAfter")).toList()).containsExactly(2, 8);
      }
    }
  }

  @Test
  void prunedNetworkTrainsAndHasTheExpectedParameterCount() throws Exception {
    try (NetworkModel mlp = TinyNetworks.mlp(3, 6, 8, 5, 3);
        NetworkModel pruned = (NetworkModel) run(fraction(0.5, null), mlp).model()) {
      // dense 8 → 4, dense 5 → 3 (floor 2.5 = 2 removed), output 3
      assertThat(pruned.parameterCount()).isEqualTo((6 * 4 + 4) + (4 * 3 + 3) + (3 * 3 + 3));
      INDArray before = pruned.network().params().dup();
      TrainingHistory history = NetworkTrainer.fit(pruned, MLP_DATA, new TrainingOptions(2, 20, 5, null),
          ProgressReporter.NONE);
      assertThat(history.epochLoss()).hasSize(2).allSatisfy(loss -> assertThat(loss).isFinite());
      assertThat(pruned.network().params().equals(before)).isFalse();
      assertThat(pruned.parameterCount()).isEqualTo(55);
    }
  }

  @Test
  void longRemovedListsAreTruncated() throws Exception {
    try (NetworkModel mlp = TinyNetworks.mlp(3, 4, 40, 3);
        NetworkModel pruned = (NetworkModel) run(fraction(0.9, List.of("0")), mlp).model()) {
      StageResult again = run(fraction(0.9, List.of("0")), mlp);
      again.model().close();
      Map<?, ?> layer = (Map<?, ?>) ((List<?>) again.diagnostics().get("layers")).get(0);
      assertThat(layer.get("removedCount")).isEqualTo(36);
      assertThat((List<?>) layer.get("removed")).hasSize(StructuredPruningStage.LISTED_INDICES);
      assertThat(layer.get("removedTruncated")).isEqualTo(true);
      assertThat(pruned.describe()).isEqualTo("in 4 → dense 4 → output 3");
    }
  }

  @Test
  void runTimeFailuresNameTheStage() {
    try (NetworkModel mlp = TinyNetworks.mlp(1, 6, 8, 5, 4, 10)) {
      assertThatThrownBy(() -> run(fraction(0.5, List.of("3")), mlp)).isInstanceOf(StageException.class)
          .hasMessage("stage 'shrink': layer 3 is the output layer: its 10 units are the classes and cannot be removed");
      assertThatThrownBy(() -> run(fraction(0.5, List.of("layer3")), mlp))
          .hasMessage("stage 'shrink': layer 3 is the output layer: its 10 units are the classes and cannot be removed");
      assertThatThrownBy(() -> run(fraction(0.5, List.of("fc9")), mlp))
          .hasMessage("stage 'shrink': layers: no layer named 'fc9'; layer names: [layer0, layer1, layer2, layer3]; layer types: [dense, conv, output]");
      assertThatThrownBy(() -> run(new StructuredPruningSpec(0.5, null, null, null, null, Map.of("fc9", 0.2), null), mlp))
          .hasMessage("stage 'shrink': overrides: no layer named 'fc9'; layer names: [layer0, layer1, layer2, layer3]; layer types: [dense, conv, output]");
      assertThatThrownBy(() -> run(fraction(0.5, List.of("7")), mlp))
          .hasMessage("stage 'shrink': layers: no layer 7; the network has layers 0..3");
      assertThatThrownBy(() -> run(new StructuredPruningSpec(null, 5, null, null, null, null, null), mlp))
          .hasMessage("stage 'shrink': count 5 must be less than the 5 units of layer 1");
    }
  }

  @Test
  void overridesReplaceTheGlobalAmountPerLayer() throws Exception {
    try (NetworkModel mlp = TinyNetworks.mlp(1, 6, 8, 5, 4, 10);
        NetworkModel pruned = (NetworkModel) run(new StructuredPruningSpec(0.5, null, UnitNorm.L1, null, true,
            Map.of("0", 0.0, "layer2", 0.75), 2), mlp).model()) {
      // layer 0 kept whole, layer 1 loses floor(2.5) = 2, layer 2 would lose 3 of 4 but keeps minUnits 2
      assertThat(pruned.describe()).isEqualTo("in 6 → dense 8 → dense 3 → dense 2 → output 10");
    }
  }

  @Test
  void selectorsFollowTheOneRuleOfLayerSelection() throws Exception {
    try (NetworkModel mlp = TinyNetworks.mlp(1, 6, 8, 5, 4, 10)) {
      org.deeplearning4j.nn.multilayer.MultiLayerNetwork network = mlp.network();
      // a type in any case and with blanks; it picks the hidden dense layers, never the output layer
      assertThat(StructuredPruningPlan.resolve(fraction(0.5, List.of(" DENSE ")), network).layers())
          .containsOnlyKeys(0, 1, 2);
      assertThat(StructuredPruningPlan.resolve(fraction(0.5, List.of("output")), network).layers()).isEmpty();
      // overrides take types too, as in every other pruning stage
      assertThat(StructuredPruningPlan.resolve(new StructuredPruningSpec(0.5, null, null, List.of("0"), null,
          Map.of("dense", 0.25), null), network).layers())
          .containsExactly(Map.entry(0, UnitBudget.ofFraction(0.25)), Map.entry(1, UnitBudget.ofFraction(0.25)),
              Map.entry(2, UnitBudget.ofFraction(0.25)));
      // the same selector means the same layers as for unstructured pruning, minus what cannot lose units
      assertThat(dev.topiary.pruning.LayerSelection.layersMatching(network, "dense", "layers")).containsExactly(0, 1, 2);
      assertThat(dev.topiary.pruning.LayerSelection.layersMatching(network, "output", "layers")).containsExactly(3);
    }
  }
}
