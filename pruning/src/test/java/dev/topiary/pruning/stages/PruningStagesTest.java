package dev.topiary.pruning.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.google.inject.Guice;
import com.google.inject.Key;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.stage.StageTypeDescriptor;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.structured.StructuredPruningSpec;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pruning.LayerPruning;
import dev.topiary.pruning.PruningModule;
import dev.topiary.pruning.schedule.GradualPruningSpec;
import dev.topiary.pruning.lottery.LotteryTicketSpec;
import dev.topiary.pruning.sensitivity.SensitivitySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruningStagesTest {

  // criteria are read case-insensitively, as StageSpecContract's plain mapper does (the recipe mapper writes them in lower case)
  private static final ObjectMapper YAML = com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
      .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();

  private static final Map<String, String> MINIMAL = Map.ofEntries(
      Map.entry(MaskCriterion.MAGNITUDE.type(), "{\"sparsity\": 0.5}"),
      Map.entry(MaskCriterion.RANDOM.type(), "{\"sparsity\": 0.5}"),
      Map.entry(MaskCriterion.THRESHOLD.type(), "{\"threshold\": 0.1}"),
      Map.entry(MaskCriterion.OBD.type(), "{\"sparsity\": 0.5}"),
      Map.entry(MaskCriterion.TAYLOR.type(), "{\"sparsity\": 0.5}"),
      Map.entry(MaskCriterion.SNIP.type(), "{\"sparsity\": 0.5}"),
      Map.entry(MaskCriterion.SYNFLOW.type(), "{\"sparsity\": 0.5}"),
      Map.entry(StripMasksSpec.TYPE, "{}"),
      Map.entry(StructuredPruningSpec.TYPE, "{\"fraction\": 0.5}"),
      Map.entry(LotteryTicketSpec.TYPE, "{\"rounds\": 2, \"epochs\": 1}"),
      Map.entry(SensitivitySpec.TYPE, "{}"),
      Map.entry(GradualPruningSpec.TYPE, "{\"finalSparsity\": 0.5, \"epochs\": 1}"));


  private record Context(String stageName, long seed, DataSplits data) implements StageContext {
    @Override
    public Path workDirectory() {
      return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  private static Context context(long seed) {
    Dataset train = TinyNetworks.blobs(5, 40, 6, 3);
    return new Context("prune-1", seed, new DataSplits(train, Dataset.emptyLike(train), Dataset.emptyLike(train)));
  }

  private static Map<String, StageFactory<?>> registry() {
    return Guice.createInjector(new PruningModule()).getInstance(Key.get(StageBindings.REGISTRY_TYPE));
  }

  /** Reads {@code yaml} as the recipe compiler does for {@code type}: with the parameters the type name implies. */
  private static Record read(StageFactory<?> factory, String yaml) throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode params =
        (com.fasterxml.jackson.databind.node.ObjectNode) YAML.readTree(yaml);
    factory.impliedParameters().forEach(params::put);
    return YAML.treeToValue(params, factory.specType());
  }

  private static MaskPruningSpec mask(MaskCriterion criterion, String yaml) throws Exception {
    return (MaskPruningSpec) read(new MaskPruningFactory(criterion), yaml);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Stage stage(String type, String yaml) throws Exception {
    StageFactory factory = registry().get(type);
    return factory.create(read(factory, yaml));
  }

  @Test
  void injectorListsEveryPruningType() {
    assertThat(registry().keySet()).containsExactlyInAnyOrder("prune.magnitude", "prune.random", "prune.threshold",
        "prune.obd", "prune.taylor", "prune.snip", "prune.synflow", "prune.strip", "prune.structured",
        "prune.lottery", "prune.sensitivity", "prune.gradual");
  }

  @Test
  void everySpecIsDocumentedAndItsDefaultsAreWhatTheConstructorFillsIn() throws Exception {
    for (Map.Entry<String, StageFactory<?>> entry : registry().entrySet()) {
      Class<? extends Record> specType = entry.getValue().specType();
      StageTypeDescriptor descriptor = entry.getValue().describe(entry.getKey());
      assertThat(descriptor.description()).isNotBlank();
      if (entry.getValue() instanceof MaskPruningFactory) {
        StageSpecContract.check(entry.getValue(), entry.getKey(), MINIMAL.get(entry.getKey()));
      } else {
        assertThat(descriptor).isEqualTo(StageTypeDescriptor.of(entry.getKey(), specType));
        StageSpecContract.check(specType, MINIMAL.get(entry.getKey()));
      }
      Record spec = read(entry.getValue(), MINIMAL.get(entry.getKey()));
      // a recipe round-trips: read, write, read gives an equal record
      String yaml = YAML.writeValueAsString(spec);
      assertThat(YAML.readValue(yaml, specType)).isEqualTo(spec);
    }
    assertThat(registry().get(MaskCriterion.SYNFLOW.type()).describe(MaskCriterion.SYNFLOW.type()).requiredParameters())
        .isEmpty();
    assertThat(registry().get(MaskCriterion.THRESHOLD.type()).describe(MaskCriterion.THRESHOLD.type())
        .requiredParameters()).containsExactly("threshold");
  }

  @Test
  void specsReadAFullRecipeEntry() throws Exception {
    MaskPruningSpec spec = mask(MaskCriterion.MAGNITUDE, """
        sparsity: 0.8
        scope: global
        layers: [0, output]
        includeBias: true
        skipFirst: false
        skipLast: false
        overrides: {output: 0.5}
        """);
    assertThat(spec.layers()).containsExactly("0", "output");
    assertThat(spec.toPlan().scope().recipeName()).isEqualTo("global");
    assertThat(spec.toPlan().overrides()).containsEntry("output", 0.5);
  }

  private static void assertRejected(MaskCriterion criterion, String yaml, String message) {
    assertThatThrownBy(() -> mask(criterion, yaml))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersAreRejectedWithExactMessages() {
    assertRejected(MaskCriterion.MAGNITUDE, "sparsity: 1.5", "sparsity must be in [0, 1), got 1.5");
    assertRejected(MaskCriterion.MAGNITUDE, "sparsity: -0.1", "sparsity must be in [0, 1), got -0.1");
    assertRejected(MaskCriterion.MAGNITUDE, "scope: layer",
        "give exactly one of sparsity and count, got neither");
    assertRejected(MaskCriterion.RANDOM, "{sparsity: 0.5, count: 10}",
        "give exactly one of sparsity and count, got both (sparsity 0.5, count 10)");
    assertRejected(MaskCriterion.TAYLOR, "count: -2", "count must not be negative, got -2");
    assertRejected(MaskCriterion.MAGNITUDE, "granularity: '4:2'",
        "granularity '4:2' needs 0 < N < M (keep N of every M weights)");
    assertRejected(MaskCriterion.MAGNITUDE, "granularity: '4:4'",
        "granularity '4:4' needs 0 < N < M (keep N of every M weights)");
    assertRejected(MaskCriterion.MAGNITUDE, "{granularity: '2:4', sparsity: 0.5}",
        "granularity 2:4 fixes the sparsity at 0.5; leave out sparsity and count");
    assertRejected(MaskCriterion.MAGNITUDE, "{sparsity: 0.5, overrides: {fc1: 1.2}}",
        "overrides.fc1 must be in [0, 1), got 1.2");
    assertRejected(MaskCriterion.THRESHOLD, "layers: [dense]", "threshold is required");
    assertRejected(MaskCriterion.THRESHOLD, "threshold: -1", "threshold must be a non-negative number, got -1.0");
    assertRejected(MaskCriterion.SYNFLOW, "{sparsity: 0.9, iterations: 0}", "iterations must be at least 1, got 0");
    assertRejected(MaskCriterion.OBD, "{sparsity: 0.9, calibrationExamples: 0}",
        "calibrationExamples must be at least 1, got 0");
    assertRejected(MaskCriterion.SNIP, "{sparsity: 0.9, batchSize: 0}", "batchSize must be at least 1, got 0");
    assertRejected(MaskCriterion.MAGNITUDE, "{sparsity: 0.5, scope: everywhere}",
        "scope must be one of [layer, global], got 'everywhere'");
  }

  @Test
  void everyMaskTypeDocumentsTheParametersItTookBeforeTheSpecsWereOne() {
    List<String> ranked = List.of("sparsity", "count", "scope", "layers", "includeBias", "skipFirst", "skipLast",
        "granularity", "overrides");
    Map<MaskCriterion, List<String>> expected = Map.of(
        MaskCriterion.MAGNITUDE, ranked,
        MaskCriterion.RANDOM, List.of("sparsity", "count", "layers", "includeBias", "skipFirst", "skipLast",
            "granularity", "overrides"),
        MaskCriterion.THRESHOLD, List.of("threshold", "layers", "includeBias", "skipFirst", "skipLast"),
        MaskCriterion.OBD, concat(ranked, "calibrationExamples", "curvature"),
        MaskCriterion.TAYLOR, concat(ranked, "batches", "batchSize"),
        MaskCriterion.SNIP, concat(ranked, "batches", "batchSize"),
        MaskCriterion.SYNFLOW, concat(ranked, "iterations"));
    for (MaskCriterion criterion : MaskCriterion.values()) {
      StageTypeDescriptor descriptor = registry().get(criterion.type()).describe(criterion.type());
      assertThat(descriptor.parameterNames()).as(criterion.type()).containsExactlyElementsOf(expected.get(criterion));
      assertThat(MaskCriterion.ofType(criterion.type())).isEqualTo(criterion);
    }
    Map<String, String> snip = defaults(MaskCriterion.SNIP);
    Map<String, String> taylor = defaults(MaskCriterion.TAYLOR);
    assertThat(snip).containsEntry("batches", "1").containsEntry("batchSize", "128").containsEntry("scope", "global");
    assertThat(taylor).containsEntry("batches", "8").containsEntry("batchSize", "32");
    assertThat(defaults(MaskCriterion.OBD)).containsEntry("calibrationExamples", "128")
        .containsEntry("curvature", "gauss-newton");
    assertThat(defaults(MaskCriterion.SYNFLOW)).containsEntry("iterations", "100");
    assertThatThrownBy(() -> MaskCriterion.ofType("prune.strip")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no mask-pruning stage type 'prune.strip'; known: [prune.magnitude, prune.random, "
            + "prune.threshold, prune.obd, prune.taylor, prune.snip, prune.synflow]");
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private static Map<String, String> defaults(MaskCriterion criterion) {
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    for (ParameterDescriptor parameter : criterion.describe().parameters()) {
      defaults.put(parameter.name(), parameter.defaultValue());
    }
    return defaults;
  }

  @Test
  void aCriterionFillsOnlyItsOwnParametersAndRejectsTheOthers() throws Exception {
    MaskPruningSpec magnitude = mask(MaskCriterion.MAGNITUDE, "{sparsity: 0.5}");
    assertThat(magnitude).isEqualTo(new MaskPruningSpec(MaskCriterion.MAGNITUDE, null, 0.5, null,
        dev.topiary.pruning.Scope.GLOBAL, List.of(), false, false, false, "unstructured", Map.of(), null, null, null,
        null, null));
    MaskPruningSpec random = mask(MaskCriterion.RANDOM, "{sparsity: 0.5}");
    assertThat(random.scope()).isNull();
    assertThat(random.toPlan().scope()).isEqualTo(dev.topiary.pruning.Scope.LAYER);
    MaskPruningSpec threshold = mask(MaskCriterion.THRESHOLD, "{threshold: 0.1}");
    assertThat(threshold.granularity()).isNull();
    assertThat(threshold.overrides()).isNull();
    assertThat(mask(MaskCriterion.SNIP, "{sparsity: 0.5}").batches()).isEqualTo(1);
    assertThat(mask(MaskCriterion.SNIP, "{sparsity: 0.5}").batchSize()).isEqualTo(128);
    assertThat(mask(MaskCriterion.TAYLOR, "{sparsity: 0.5}").batches()).isEqualTo(8);
    assertThat(mask(MaskCriterion.TAYLOR, "{sparsity: 0.5}").batchSize()).isEqualTo(32);
    assertRejected(MaskCriterion.MAGNITUDE, "{sparsity: 0.5, curvature: gauss-newton}",
        "curvature is not a parameter of prune.magnitude; its parameters: [sparsity, count, scope, layers, "
            + "includeBias, skipFirst, skipLast, granularity, overrides]");
    assertRejected(MaskCriterion.RANDOM, "{sparsity: 0.5, scope: global}",
        "scope is not a parameter of prune.random; its parameters: [sparsity, count, layers, includeBias, "
            + "skipFirst, skipLast, granularity, overrides]");
    assertRejected(MaskCriterion.THRESHOLD, "{threshold: 0.1, sparsity: 0.5}",
        "sparsity is not a parameter of prune.threshold; its parameters: [threshold, layers, includeBias, "
            + "skipFirst, skipLast]");
    assertRejected(MaskCriterion.SYNFLOW, "{sparsity: 0.5, batches: 2}",
        "batches is not a parameter of prune.synflow; its parameters: [sparsity, count, scope, layers, "
            + "includeBias, skipFirst, skipLast, granularity, overrides, iterations]");
    assertThatThrownBy(() -> new MaskPruningSpec(null, null, 0.5, null, null, null, null, null, null, null, null,
        null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("criterion is required, one of [magnitude, random, threshold, obd, taylor, snip, synflow]");
    assertThatThrownBy(() -> new MaskPruningFactory(MaskCriterion.OBD).create(magnitude))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prune.obd needs criterion obd, got magnitude");
  }

  @Test
  void everyCriterionDefaultsToTheSameGlobalScope() throws Exception {
    assertThat(dev.topiary.pruning.Scope.DEFAULT).isEqualTo(dev.topiary.pruning.Scope.GLOBAL);
    assertThat(mask(MaskCriterion.MAGNITUDE, "{sparsity: 0.5}").toPlan().scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(mask(MaskCriterion.OBD, "{sparsity: 0.5}").scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(mask(MaskCriterion.TAYLOR, "{sparsity: 0.5}").scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(mask(MaskCriterion.SNIP, "{sparsity: 0.5}").scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(mask(MaskCriterion.SYNFLOW, "{sparsity: 0.5}").scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{finalSparsity: 0.5, epochs: 1}", GradualPruningSpec.class).scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{rounds: 1, epochs: 1}", LotteryTicketSpec.class).scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(dev.topiary.pruning.PruningPlan.builder().sparsity(0.5).build().scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(dev.topiary.pruning.lottery.LotteryTicketOptions.builder(1, 1).build().scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
  }

  @Test
  void problemsThatNeedTheNetworkFailTheStageByName() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 5, 4, 3)) {
      assertThatThrownBy(() -> stage(MaskCriterion.MAGNITUDE.type(), "{sparsity: 0.5, layers: [fc9]}").apply(model, context(1)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'prune-1': layers: no layer named 'fc9'; layer names: [layer0, layer1, layer2]; layer types: [dense, conv, output]");
      assertThatThrownBy(() -> stage(MaskCriterion.MAGNITUDE.type(), "{count: 21, scope: layer}").apply(model, context(1)))
          .hasMessage("stage 'prune-1': count 21 exceeds the 20 selected weights of layer 1 (layer1)");
      assertThatThrownBy(() -> stage(MaskCriterion.MAGNITUDE.type(), "{sparsity: 0.5, layers: [dense], overrides: {output: 0.2}}")
          .apply(model, context(1)))
          .hasMessage("stage 'prune-1': overrides: layer 2 (layer2) is not selected for pruning; selected layers:"
              + " [0 layer0 (dense), 1 layer1 (dense)]");
    }
  }

  @Test
  void everyStageRunsOnACopyAndReportsAchievedSparsity() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      float[] before = model.network().params().dup().data().asFloat();
      Map<String, String> recipes = Map.of(
          MaskCriterion.MAGNITUDE.type(), "{sparsity: 0.5}",
          MaskCriterion.RANDOM.type(), "{sparsity: 0.5}",
          MaskCriterion.OBD.type(), "{sparsity: 0.5, calibrationExamples: 16}",
          MaskCriterion.TAYLOR.type(), "{sparsity: 0.5, batches: 2, batchSize: 8}",
          MaskCriterion.SNIP.type(), "{sparsity: 0.5, batchSize: 16}",
          MaskCriterion.SYNFLOW.type(), "{sparsity: 0.5, iterations: 5}");
      for (Map.Entry<String, String> recipe : recipes.entrySet()) {
        StageResult result = stage(recipe.getKey(), recipe.getValue()).apply(model, context(3));
        try (NetworkModel pruned = (NetworkModel) result.model()) {
          assertThat(pruned).isNotSameAs(model);
          assertThat(result.diagnostics().get("sparsity")).as(recipe.getKey()).isEqualTo(0.5);
          assertThat(pruned.masks()).containsOnlyKeys("0_W", "1_W");
          assertThat(pruned.nonZeroParameterCount()).isLessThanOrEqualTo(pruned.parameterCount() - 36);
        }
      }
      assertThat(model.hasMasks()).isFalse();
      assertThat(model.network().params().dup().data().asFloat()).containsExactly(before);
    }
  }

  @Test
  void randomStageIsSeededByTheContext() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      Stage stage = stage(MaskCriterion.RANDOM.type(), "{sparsity: 0.5}");
      try (NetworkModel a = (NetworkModel) stage.apply(model, context(7)).model();
          NetworkModel b = (NetworkModel) stage.apply(model, context(7)).model();
          NetworkModel c = (NetworkModel) stage.apply(model, context(8)).model()) {
        assertThat(a.masks().get("0_W")).isEqualTo(b.masks().get("0_W"));
        assertThat(a.masks().get("0_W")).isNotEqualTo(c.masks().get("0_W"));
      }
    }
  }

  @Test
  void thresholdThenStripKeepsZerosAndDropsMasks() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      StageResult pruned = stage(MaskCriterion.THRESHOLD.type(), "{threshold: 0.3, layers: [0]}").apply(model, context(1));
      try (NetworkModel masked = (NetworkModel) pruned.model()) {
        @SuppressWarnings("unchecked")
        LayerPruning layer = ((List<LayerPruning>) pruned.diagnostics().get("layers")).get(0);
        assertThat(layer.threshold()).isCloseTo(0.3, within(1e-6));
        float[] w = model.parameter("0_W").dup('c').data().asFloat();
        long small = 0;
        for (float value : w) {
          if (Math.abs(value) <= 0.3) {
            small++;
          }
        }
        assertThat(layer.pruned()).isEqualTo(small);
        StageResult stripped = stage(StripMasksSpec.TYPE, "{}").apply(masked, context(1));
        try (NetworkModel plain = (NetworkModel) stripped.model()) {
          assertThat(stripped.diagnostics()).containsEntry("droppedMasks", 1).containsEntry("parameters", List.of("0_W"));
          assertThat(plain.hasMasks()).isFalse();
          assertThat(masked.hasMasks()).isTrue();
          assertThat(plain.nonZeroParameterCount()).isEqualTo(masked.nonZeroParameterCount());
        }
      }
    }
  }
}
