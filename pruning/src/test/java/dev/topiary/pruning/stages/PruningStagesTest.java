package dev.topiary.pruning.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, String> MINIMAL = Map.ofEntries(
      Map.entry(MagnitudePruningSpec.TYPE, "{\"sparsity\": 0.5}"),
      Map.entry(RandomPruningSpec.TYPE, "{\"sparsity\": 0.5}"),
      Map.entry(ThresholdPruningSpec.TYPE, "{\"threshold\": 0.1}"),
      Map.entry(ObdPruningSpec.TYPE, "{\"sparsity\": 0.5}"),
      Map.entry(TaylorPruningSpec.TYPE, "{\"sparsity\": 0.5}"),
      Map.entry(SnipPruningSpec.TYPE, "{\"sparsity\": 0.5}"),
      Map.entry(SynFlowPruningSpec.TYPE, "{\"sparsity\": 0.5}"),
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Stage stage(String type, String yaml) throws Exception {
    StageFactory factory = registry().get(type);
    return factory.create((Record) YAML.readValue(yaml, factory.specType()));
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
      StageTypeDescriptor descriptor = StageTypeDescriptor.of(entry.getKey(), specType);
      assertThat(descriptor.description()).isNotBlank();
      StageSpecContract.check(specType, MINIMAL.get(entry.getKey()));
      Record spec = YAML.readValue(MINIMAL.get(entry.getKey()), specType);
      // a recipe round-trips: read, write, read gives an equal record
      String yaml = YAML.writeValueAsString(spec);
      assertThat(YAML.readValue(yaml, specType)).isEqualTo(spec);
    }
    assertThat(StageTypeDescriptor.of(SynFlowPruningSpec.TYPE, SynFlowPruningSpec.class).requiredParameters())
        .isEmpty();
    assertThat(StageTypeDescriptor.of(ThresholdPruningSpec.TYPE, ThresholdPruningSpec.class).requiredParameters())
        .containsExactly("threshold");
  }

  @Test
  void specsReadAFullRecipeEntry() throws Exception {
    MagnitudePruningSpec spec = YAML.readValue("""
        sparsity: 0.8
        scope: global
        layers: [0, output]
        includeBias: true
        skipFirst: false
        skipLast: false
        overrides: {output: 0.5}
        """, MagnitudePruningSpec.class);
    assertThat(spec.layers()).containsExactly("0", "output");
    assertThat(spec.toPlan().scope().recipeName()).isEqualTo("global");
    assertThat(spec.toPlan().overrides()).containsEntry("output", 0.5);
  }

  private static void assertRejected(Class<? extends Record> type, String yaml, String message) {
    assertThatThrownBy(() -> YAML.readValue(yaml, type))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersAreRejectedWithExactMessages() {
    assertRejected(MagnitudePruningSpec.class, "sparsity: 1.5", "sparsity must be in [0, 1), got 1.5");
    assertRejected(MagnitudePruningSpec.class, "sparsity: -0.1", "sparsity must be in [0, 1), got -0.1");
    assertRejected(MagnitudePruningSpec.class, "scope: layer",
        "give exactly one of sparsity and count, got neither");
    assertRejected(RandomPruningSpec.class, "{sparsity: 0.5, count: 10}",
        "give exactly one of sparsity and count, got both (sparsity 0.5, count 10)");
    assertRejected(TaylorPruningSpec.class, "count: -2", "count must not be negative, got -2");
    assertRejected(MagnitudePruningSpec.class, "granularity: '4:2'",
        "granularity '4:2' needs 0 < N < M (keep N of every M weights)");
    assertRejected(MagnitudePruningSpec.class, "granularity: '4:4'",
        "granularity '4:4' needs 0 < N < M (keep N of every M weights)");
    assertRejected(MagnitudePruningSpec.class, "{granularity: '2:4', sparsity: 0.5}",
        "granularity 2:4 fixes the sparsity at 0.5; leave out sparsity and count");
    assertRejected(MagnitudePruningSpec.class, "{sparsity: 0.5, overrides: {fc1: 1.2}}",
        "overrides.fc1 must be in [0, 1), got 1.2");
    assertRejected(ThresholdPruningSpec.class, "layers: [dense]", "threshold is required");
    assertRejected(ThresholdPruningSpec.class, "threshold: -1", "threshold must be a non-negative number, got -1.0");
    assertRejected(SynFlowPruningSpec.class, "{sparsity: 0.9, iterations: 0}", "iterations must be at least 1, got 0");
    assertRejected(ObdPruningSpec.class, "{sparsity: 0.9, calibrationExamples: 0}",
        "calibrationExamples must be at least 1, got 0");
    assertRejected(SnipPruningSpec.class, "{sparsity: 0.9, batchSize: 0}", "batchSize must be at least 1, got 0");
    assertRejected(MagnitudePruningSpec.class, "{sparsity: 0.5, scope: everywhere}",
        "scope must be one of [layer, global], got 'everywhere'");
  }

  @Test
  void everyCriterionDefaultsToTheSameGlobalScope() throws Exception {
    assertThat(dev.topiary.pruning.Scope.DEFAULT).isEqualTo(dev.topiary.pruning.Scope.GLOBAL);
    assertThat(YAML.readValue("{sparsity: 0.5}", MagnitudePruningSpec.class).toPlan().scope())
        .isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{sparsity: 0.5}", ObdPruningSpec.class).scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{sparsity: 0.5}", TaylorPruningSpec.class).scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{sparsity: 0.5}", SnipPruningSpec.class).scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
    assertThat(YAML.readValue("{sparsity: 0.5}", SynFlowPruningSpec.class).scope()).isEqualTo(dev.topiary.pruning.Scope.DEFAULT);
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
      assertThatThrownBy(() -> stage(MagnitudePruningSpec.TYPE, "{sparsity: 0.5, layers: [fc9]}").apply(model, context(1)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'prune-1': layers: no layer named 'fc9'; layer names: [layer0, layer1, layer2]");
      assertThatThrownBy(() -> stage(MagnitudePruningSpec.TYPE, "{count: 21, scope: layer}").apply(model, context(1)))
          .hasMessage("stage 'prune-1': count 21 exceeds the 20 selected weights of layer 1 (layer1)");
      assertThatThrownBy(() -> stage(MagnitudePruningSpec.TYPE, "{sparsity: 0.5, layers: [dense], overrides: {output: 0.2}}")
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
          MagnitudePruningSpec.TYPE, "{sparsity: 0.5}",
          RandomPruningSpec.TYPE, "{sparsity: 0.5}",
          ObdPruningSpec.TYPE, "{sparsity: 0.5, calibrationExamples: 16}",
          TaylorPruningSpec.TYPE, "{sparsity: 0.5, batches: 2, batchSize: 8}",
          SnipPruningSpec.TYPE, "{sparsity: 0.5, batchSize: 16}",
          SynFlowPruningSpec.TYPE, "{sparsity: 0.5, iterations: 5}");
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
      Stage stage = stage(RandomPruningSpec.TYPE, "{sparsity: 0.5}");
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
      StageResult pruned = stage(ThresholdPruningSpec.TYPE, "{threshold: 0.3, layers: [0]}").apply(model, context(1));
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
