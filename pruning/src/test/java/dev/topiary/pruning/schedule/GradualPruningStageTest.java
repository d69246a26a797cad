package dev.topiary.pruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.stage.StageTypeDescriptor;
import dev.topiary.core.testing.StageSpecContract;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.LayerPruning;
import dev.topiary.pruning.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradualPruningStageTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** 96 rows: 6 batches of 16 per epoch. */
  private static final Dataset TRAIN = TinyNetworks.blobs(5, 96, 6, 3);

  private record Context(String stageName, long seed, DataSplits data, Path workDirectory) implements StageContext {
    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  private static Context context(Path dir) {
    return new Context("gradual-1", 7, new DataSplits(TRAIN, Dataset.emptyLike(TRAIN), Dataset.emptyLike(TRAIN)), dir);
  }

  private static StageResult run(String yaml, NetworkModel model, Path dir) throws Exception {
    return new GradualPruningFactory().create(YAML.readValue(yaml, GradualPruningSpec.class)).apply(model, context(dir));
  }

  @Test
  void polynomialStageReachesTheFinalSparsityAndLeavesItsInputAlone(@TempDir Path dir) throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 16, 8, 3)) {
      float[] before = model.network().params().dup().data().asFloat();
      int iterationsBefore = model.network().getIterationCount();
      StageResult result = run("{finalSparsity: 0.8, epochs: 3, batchSize: 16, frequency: 2, scope: layer}", model, dir);
      try (NetworkModel pruned = (NetworkModel) result.model()) {
        assertThat(pruned).isNotSameAs(model);
        // 3 epochs × 6 batches = 18 steps; endStep = ⌊2·18/3⌋ = 12
        assertThat(result.diagnostics()).containsEntry("schedule", "polynomial").containsEntry("beginStep", 0L)
            .containsEntry("endStep", 12L).containsEntry("trainingSteps", 18L)
            .containsEntry("pruningSteps", List.of(0L, 2L, 4L, 6L, 8L, 10L, 12L))
            .containsEntry("summariesFile", "pruning-summaries.csv").containsEntry("criterion", "magnitude")
            .containsEntry("scope", "layer");
        assertThat((List<?>) result.diagnostics().get("epochLoss")).hasSize(3);
        @SuppressWarnings("unchecked")
        List<LayerPruning> layers = (List<LayerPruning>) result.diagnostics().get("layers");
        assertThat(layers).hasSize(3);
        for (LayerPruning layer : layers) {
          // within one weight of the final sparsity
          assertThat(Math.abs(layer.pruned() - 0.8 * layer.weights())).as(layer.name()).isLessThanOrEqualTo(1.0);
          assertThat(NetworkModel.countNonZero(pruned.parameter(layer.index() + "_W")))
              .isLessThanOrEqualTo(layer.weights() - layer.pruned());
        }
        assertThat(pruned.masks()).containsOnlyKeys("0_W", "1_W", "2_W");
        @SuppressWarnings("unchecked")
        List<PruningSummary> summaries = (List<PruningSummary>) result.diagnostics().get("summaries");
        assertThat(summaries.stream().map(PruningSummary::step).distinct())
            .containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 12L);
        List<String> csv = Files.readAllLines(dir.resolve("pruning-summaries.csv"));
        assertThat(csv).hasSize(1 + summaries.size());
        assertThat(csv.get(0)).isEqualTo(PruningSummary.CSV_HEADER);
        assertThat(csv.get(csv.size() - 1)).isEqualTo(summaries.get(summaries.size() - 1).csvRow());

        // a later fine-tuning keeps the pruned weights at zero
        long nonZero = pruned.nonZeroParameterCount();
        NetworkTrainer.fit(pruned, TRAIN, new TrainingOptions(1, 16, 3, null), ProgressReporter.NONE);
        assertThat(pruned.nonZeroParameterCount()).isLessThanOrEqualTo(nonZero);
      }
      assertThat(model.hasMasks()).isFalse();
      assertThat(model.network().getIterationCount()).isEqualTo(iterationsBefore);
      assertThat(model.network().params().dup().data().asFloat()).containsExactly(before);
    }
  }

  @Test
  void constantStageWithGlobalScopeNeverEndsAndSkipsTheLastLayer(@TempDir Path dir) throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 16, 8, 3)) {
      StageResult result = run("{schedule: constant, finalSparsity: 0.5, epochs: 1, batchSize: 16, frequency: 4,"
          + " scope: global, skipLast: true}", model, dir);
      try (NetworkModel pruned = (NetworkModel) result.model()) {
        assertThat(result.diagnostics()).containsEntry("endStep", -1L).containsEntry("scope", "global")
            .containsEntry("sparsity", 0.5);
        @SuppressWarnings("unchecked")
        List<PruningSummary> summaries = (List<PruningSummary>) result.diagnostics().get("summaries");
        assertThat(summaries.stream().map(PruningSummary::step).distinct()).containsExactly(0L, 4L);
        assertThat(pruned.masks()).containsOnlyKeys("0_W", "1_W");
      }
    }
  }

  @Test
  void schedulesThatDoNotFitTheTrainingFailTheStageByName(@TempDir Path dir) throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      assertThatThrownBy(() -> run("{finalSparsity: 0.5, epochs: 3, batchSize: 16, endStep: 18}", model, dir))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'gradual-1': endStep (18) must be less than the 18 training steps (3 epochs × 6 batches),"
              + " or the final sparsity is never reached");
      assertThatThrownBy(() -> run("{finalSparsity: 0.5, epochs: 1, batchSize: 16, beginStep: 5}", model, dir))
          .hasMessage("stage 'gradual-1': beginStep (5) must leave at least 2 of the 6 training steps (1 epochs × 6"
              + " batches) to prune in; train for more epochs or begin earlier");
      assertThatThrownBy(() -> run("{schedule: constant, finalSparsity: 0.5, epochs: 1, batchSize: 16, beginStep: 6}",
          model, dir))
          .hasMessage("stage 'gradual-1': beginStep (6) must be less than the 6 training steps (1 epochs × 6 batches),"
              + " or nothing is pruned");
      assertThatThrownBy(() -> run("{finalSparsity: 0.5, epochs: 1, layers: [fc9]}", model, dir))
          .hasMessage("stage 'gradual-1': layers: no layer named 'fc9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]");
      assertThat(dir.resolve("pruning-summaries.csv")).doesNotExist();
    }
  }

  @Test
  void specKeepsTheContractAndRoundTrips() throws Exception {
    StageTypeDescriptor descriptor =
        StageSpecContract.check(GradualPruningSpec.class, "{\"finalSparsity\": 0.5, \"epochs\": 1}");
    assertThat(descriptor.requiredParameters()).containsExactlyInAnyOrder("finalSparsity", "epochs");
    GradualPruningSpec spec = YAML.readValue("""
        schedule: polynomial
        finalSparsity: 0.9
        initialSparsity: 0.1
        beginStep: 10
        endStep: 500
        frequency: 20
        power: 2
        epochs: 4
        batchSize: 32
        learningRate: 0.001
        scope: global
        layers: [0, output]
        includeBias: true
        skipFirst: true
        skipLast: false
        """, GradualPruningSpec.class);
    assertThat(YAML.readValue(YAML.writeValueAsString(spec), GradualPruningSpec.class)).isEqualTo(spec);
    assertThat(spec.scope()).isEqualTo(Scope.GLOBAL);
    assertThat(spec.toSchedule(1000)).isEqualTo(new PolynomialDecaySchedule(0.1, 0.9, 10, 500, 2, 20));
    GradualPruningSpec defaults = YAML.readValue("{finalSparsity: 0.5, epochs: 2}", GradualPruningSpec.class);
    // 2 epochs × 30 batches = 60 steps: the polynomial ends at ⌊2·60/3⌋ = 40
    assertThat(defaults.toSchedule(30)).isEqualTo(new PolynomialDecaySchedule(0.0, 0.5, 0, 40, 3, 100));
    GradualPruningSpec late = YAML.readValue("{finalSparsity: 0.5, epochs: 2, beginStep: 30}", GradualPruningSpec.class);
    assertThat(late.resolveEndStep(30)).isEqualTo(30 + 2 * 30 / 3);
    GradualPruningSpec constant = YAML.readValue("{schedule: constant, finalSparsity: 0.5, epochs: 1, endStep: -1}",
        GradualPruningSpec.class);
    assertThat(constant.toSchedule(10)).isEqualTo(new ConstantSparsitySchedule(0.5, 0, -1, 100));
  }

  private static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> YAML.readValue(yaml, GradualPruningSpec.class))
        .isInstanceOf(ValueInstantiationException.class)
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void badParametersAreRejectedWithExactMessages() {
    assertRejected("{epochs: 1}", "finalSparsity is required");
    assertRejected("{finalSparsity: 0.5}", "epochs is required");
    assertRejected("{finalSparsity: 1.2, epochs: 1}", "finalSparsity must be in [0, 1), got 1.2");
    assertRejected("{schedule: constant, finalSparsity: 1.0, epochs: 1}", "finalSparsity must be in [0, 1), got 1.0");
    assertRejected("{finalSparsity: 0.5, initialSparsity: -0.2, epochs: 1}",
        "initialSparsity must be in [0, 1), got -0.2");
    assertRejected("{finalSparsity: 0.5, initialSparsity: 0.6, epochs: 1}",
        "finalSparsity (0.5) must not be less than initialSparsity (0.6): pruned weights stay pruned");
    assertRejected("{finalSparsity: 0.5, epochs: 1, beginStep: 200, endStep: 100}",
        "endStep (100) must be greater than beginStep (200)");
    assertRejected("{finalSparsity: 0.5, epochs: 1, endStep: -1}", "endStep (-1) must be greater than beginStep (0)");
    assertRejected("{schedule: constant, finalSparsity: 0.5, epochs: 1, endStep: -2}",
        "endStep (-2) must be greater than beginStep (0), or -1 for no end");
    assertRejected("{finalSparsity: 0.5, epochs: 1, beginStep: -1}", "beginStep must not be negative, got -1");
    assertRejected("{finalSparsity: 0.5, epochs: 1, frequency: 0}", "frequency must be at least 1, got 0");
    assertRejected("{finalSparsity: 0.5, epochs: 1, power: -1}", "power must be positive, got -1.0");
    assertRejected("{schedule: cosine, finalSparsity: 0.5, epochs: 1}",
        "schedule must be one of [polynomial, constant], got 'cosine'");
    assertRejected("{schedule: constant, finalSparsity: 0.5, initialSparsity: 0.2, epochs: 1}",
        "initialSparsity applies to schedule polynomial only, got 0.2 with schedule constant");
    assertRejected("{schedule: constant, finalSparsity: 0.5, power: 1, epochs: 1}",
        "power applies to schedule polynomial only, got 1.0 with schedule constant");
    assertRejected("{finalSparsity: 0.5, epochs: 0}", "epochs must be at least 1, got 0");
    assertRejected("{finalSparsity: 0.5, epochs: 1, batchSize: 0}", "batchSize must be at least 1, got 0");
    assertRejected("{finalSparsity: 0.5, epochs: 1, learningRate: 0}", "learningRate must be positive, got 0.0");
    assertRejected("{finalSparsity: 0.5, epochs: 1, layers: ['']}", "layers must not contain blank entries, got []");
    assertThatThrownBy(() -> YAML.readValue("{finalSparsity: 0.5, epochs: 1, scope: everywhere}",
        GradualPruningSpec.class)).hasRootCauseMessage("scope must be one of [layer, global], got 'everywhere'");
  }
}
