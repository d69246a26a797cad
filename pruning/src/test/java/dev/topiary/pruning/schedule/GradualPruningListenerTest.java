package dev.topiary.pruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PruningReport;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.criteria.RandomCriterion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class GradualPruningListenerTest {

  /** 64 rows, batches of 8: 8 steps per epoch. */
  private static final Dataset DATA = TinyNetworks.blobs(5, 64, 6, 3);

  /**
   * Checks after every update (it runs after the pruning listener) that every entry masked so far
   * is still masked and exactly zero in the parameters.
   */
  private static final class ZeroWatcher extends BaseTrainingListener {
    private final NetworkModel model;
    private final Map<String, boolean[]> everPruned = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Long> zerosPerStep = new ArrayList<>();

    ZeroWatcher(NetworkModel model) {
      this.model = model;
    }

    @Override
    public void iterationDone(Model network, int iteration, int epoch) {
      long zeros = 0;
      for (String key : List.of("0_W", "1_W", "2_W")) {
        float[] values = model.parameter(key).dup('c').data().asFloat();
        INDArray mask = model.masks().get(key);
        float[] keep = mask == null ? null : mask.dup('c').data().asFloat();
        boolean[] pruned = everPruned.computeIfAbsent(key, k -> new boolean[values.length]);
        for (int i = 0; i < values.length; i++) {
          if (pruned[i] && (keep == null || keep[i] != 0f)) {
            problems.add("step " + iteration + ": " + key + "[" + i + "] was unmasked");
          }
          if (keep != null && keep[i] == 0f) {
            pruned[i] = true;
            zeros++;
          }
          if (pruned[i] && values[i] != 0f) {
            problems.add("step " + iteration + ": " + key + "[" + i + "] = " + values[i]);
          }
        }
      }
      zerosPerStep.add(zeros);
    }
  }

  @Test
  void plainDl4jFitPrunesOnTheScheduleAndPrunedWeightsStayZero() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 16, 8, 3)) {
      MultiLayerNetwork network = model.network();
      PolynomialDecaySchedule schedule = new PolynomialDecaySchedule(0.0, 0.75, 0, 22, 3, 4);
      GradualPruningListener pruning = new GradualPruningListener(model, LayerSelection.ALL_WEIGHTS, Scope.LAYER,
          new MagnitudeCriterion(), schedule);
      ZeroWatcher watcher = new ZeroWatcher(model);
      network.setListeners(pruning, watcher);

      network.fit(DATA.iterator(8, true, 3), 4);

      assertThat(network.getIterationCount()).isEqualTo(32);
      assertThat(watcher.problems).isEmpty();
      List<PruningSummary> summaries = pruning.summaries();
      assertThat(summaries.stream().map(PruningSummary::step).distinct())
          .containsExactly(0L, 4L, 8L, 12L, 16L, 20L, 22L);
      assertThat(summaries).hasSize(7 * 3);
      long[] weights = {6 * 16, 16 * 8, 8 * 3};
      for (PruningSummary row : summaries) {
        assertThat(row.targetSparsity()).isCloseTo(schedule.sparsityAt(row.step()), within(1e-12));
        assertThat(row.weights()).isEqualTo(weights[row.layer()]);
        assertThat(row.pruned()).as("step %d layer %d", row.step(), row.layer())
            .isEqualTo(Math.round(row.targetSparsity() * weights[row.layer()]));
      }
      // after every update, the masked entries are those the schedule asked for at its latest pruning step
      List<Long> zeros = watcher.zerosPerStep;
      assertThat(zeros).hasSize(32);
      long latest = 0;
      for (int step = 0; step < 32; step++) {
        if (schedule.shouldPrune(step)) {
          latest = step;
        }
        long expected = 0;
        for (long n : weights) {
          expected += Math.round(schedule.sparsityAt(latest) * n);
        }
        assertThat(zeros.get(step)).as("step %d", step).isEqualTo(expected);
      }
      long finalCount = Math.round(0.75 * 96) + Math.round(0.75 * 128) + Math.round(0.75 * 24);
      assertThat(zeros.get(0)).isZero();
      assertThat(zeros.get(4)).isGreaterThan(0).isLessThan(zeros.get(8));
      assertThat(zeros.subList(22, 32)).containsOnly(finalCount);
      assertThat(pruning.latestReport().orElseThrow().sparsity()).isCloseTo(0.75, within(1e-12));
      assertThat(model.nonZeroParameterCount()).isLessThanOrEqualTo(model.parameterCount() - finalCount);
    }
  }

  @Test
  void masksHoldWithAdamBecauseGradientsOfPrunedWeightsAreZeroed() {
    try (NetworkModel model = TinyNetworks.mlp(2, 6, 16, 3)) {
      MultiLayerNetwork network = model.network();
      network.setListeners(new GradualPruningListener(model, new ConstantSparsitySchedule(0.5, 2, 3, 1)));
      network.fit(DATA.iterator(8, true, 4), 3);

      assertThat(model.masks()).containsOnlyKeys("0_W", "1_W");
      // one Adam block holds m for every parameter, then v for every parameter, in params() order
      MultiLayerNetwork flags = network.clone();
      flags.params().assign(1);
      model.masks().forEach((key, mask) -> flags.getParam(key).muli(mask));
      float[] keep = flags.params().dup().data().asFloat();
      float[] params = network.params().dup().data().asFloat();
      float[] state = network.getUpdater().getStateViewArray().dup().data().asFloat();
      assertThat(state).hasSize(2 * keep.length);
      int masked = 0;
      for (int i = 0; i < keep.length; i++) {
        if (keep[i] == 0f) {
          masked++;
          assertThat(params[i]).as("weight %d", i).isZero();
          assertThat(state[i]).as("Adam m of weight %d", i).isZero();
          assertThat(state[keep.length + i]).as("Adam v of weight %d", i).isZero();
        }
      }
      assertThat(masked).isEqualTo(48 + 24);
      flags.close();
    }
  }

  @Test
  void stepsCountFromTheIterationWhenTheListenerIsCreated() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      MultiLayerNetwork network = model.network();
      network.fit(DATA.iterator(8, true, 3), 1);
      assertThat(network.getIterationCount()).isEqualTo(8);
      GradualPruningListener pruning = new GradualPruningListener(model, new PolynomialDecaySchedule(0.2, 0.5, 1, 3, 1, 1));
      network.setListeners(pruning);
      network.fit(DATA.iterator(8, true, 3), 1);
      assertThat(pruning.summaries().stream().map(PruningSummary::step).distinct()).containsExactly(1L, 2L, 3L);
      assertThat(pruning.summaries().get(0).targetSparsity()).isCloseTo(0.2, within(1e-12));
      assertThat(pruning.latestReport().orElseThrow().sparsity()).isCloseTo(0.5, within(1e-12));
    }
  }

  @Test
  void globalScopeWithAnotherCriterion() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      MultiLayerNetwork network = model.network();
      GradualPruningListener pruning = new GradualPruningListener(model,
          new LayerSelection(List.of("dense"), true, false, false), Scope.GLOBAL, new RandomCriterion(11),
          new ConstantSparsitySchedule(0.4, 0, 2, 1));
      network.setListeners(pruning);
      network.fit(DATA.iterator(16, true, 3), 1);
      assertThat(model.masks()).containsOnlyKeys("0_W", "0_b");
      assertThat(pruning.latestReport().orElseThrow().prunedWeights()).isEqualTo(Math.round(0.4 * 56));
      assertThat(pruning.summaries()).hasSize(3).allSatisfy(row -> assertThat(row.layer()).isZero());
    }
  }

  @Test
  void summariesCsvIsExact(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("summaries.csv");
    PruningSummary.writeCsv(List.of(
        new PruningSummary(0, 0.0, 0.0, 0, "fc1", 96, 0, 0.0, null),
        new PruningSummary(100, 0.5, 0.5, 0, "fc1", 96, 48, 0.5, 0.125),
        new PruningSummary(100, 0.5, 0.5, 1, "odd, \"name\"", 24, 12, 0.5, 0.25)), file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("""
        step,targetSparsity,overallSparsity,layer,layerName,weights,pruned,layerSparsity,threshold
        0,0.0,0.0,0,fc1,96,0,0.0,
        100,0.5,0.5,0,fc1,96,48,0.5,0.125
        100,0.5,0.5,1,"odd, ""name\"\"",24,12,0.5,0.25
        """);
    // the temporary file is gone; writing again replaces the file
    PruningSummary.writeCsv(List.of(), file);
    assertThat(Files.readString(file)).isEqualTo(PruningSummary.CSV_HEADER + "\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void listenerWritesOneCsvRowPerStepAndLayer(@TempDir Path dir) throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      GradualPruningListener pruning = new GradualPruningListener(model, LayerSelection.ALL_WEIGHTS, Scope.LAYER,
          new MagnitudeCriterion(), PolynomialDecaySchedule.builder().finalSparsity(0.5).endStep(2).power(1)
              .frequency(1).build());
      model.network().setListeners(pruning);
      model.network().fit(DATA.iterator(32, false, 0), 2);
      Path file = dir.resolve("pruning-summaries.csv");
      pruning.writeCsv(file);
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(1 + 3 * 2);
      assertThat(lines.get(0)).isEqualTo(PruningSummary.CSV_HEADER);
      assertThat(lines.get(1)).startsWith("0,0.0,0.0,0,layer0,48,0,0.0,");
      assertThat(lines.get(3)).startsWith("1,0.25,0.25,0,layer0,48,12,0.25,");
      assertThat(lines.get(6)).startsWith("2,0.5,0.5,1,layer1,24,12,0.5,");
      for (int i = 0; i < pruning.summaries().size(); i++) {
        assertThat(lines.get(i + 1)).isEqualTo(pruning.summaries().get(i).csvRow());
      }
    }
  }

  @Test
  void theTwoArgumentListenerRanksAllLayersTogetherAsTheReadmeRecipeDoes() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3)) {
      GradualPruningListener pruning = new GradualPruningListener(model, new ConstantSparsitySchedule(0.5, 0));
      model.network().setListeners(pruning);
      model.network().fit(DATA.iterator(32, false, 0), 1);
      PruningReport report = pruning.latestReport().orElseThrow();
      assertThat(report.scope()).isEqualTo(Scope.GLOBAL);
      assertThat(report.prunedWeights()).isEqualTo(36);   // half of 48 + 24 weights, in one ranking
    }
  }

  @Test
  void polynomialDecayBuilderNamesAndValidates() {
    assertThat(PolynomialDecaySchedule.builder().finalSparsity(0.8).endStep(60).frequency(10).build())
        .isEqualTo(new PolynomialDecaySchedule(0.0, 0.8, 0, 60, 3, 10));
    assertThat(PolynomialDecaySchedule.builder().initialSparsity(0.1).finalSparsity(0.5).beginStep(2).endStep(9)
        .power(1).frequency(3).build()).isEqualTo(new PolynomialDecaySchedule(0.1, 0.5, 2, 9, 1, 3));
    assertThatThrownBy(() -> PolynomialDecaySchedule.builder().endStep(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("finalSparsity must be set");
    assertThatThrownBy(() -> PolynomialDecaySchedule.builder().finalSparsity(0.5).build())
        .hasMessage("endStep must be set");
    assertThatThrownBy(() -> PolynomialDecaySchedule.builder().finalSparsity(0.5).endStep(0).build())
        .hasMessage("endStep (0) must be greater than beginStep (0)");
    assertThatThrownBy(() -> PolynomialDecaySchedule.builder().finalSparsity(0.5).endStep(5).power(0).build())
        .hasMessage("power must be positive, got 0.0");
  }

  @Test
  void constantSparsityBuilderNamesAndValidates() {
    assertThat(ConstantSparsitySchedule.builder().targetSparsity(0.4).endStep(2).frequency(1).build())
        .isEqualTo(new ConstantSparsitySchedule(0.4, 0, 2, 1));
    assertThat(ConstantSparsitySchedule.builder().targetSparsity(0.4).beginStep(3).build())
        .isEqualTo(new ConstantSparsitySchedule(0.4, 3));
    assertThatThrownBy(() -> ConstantSparsitySchedule.builder().build()).hasMessage("targetSparsity must be set");
  }

  @Test
  void badArgumentsAreRejectedWithExactMessages() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3); NetworkModel other = TinyNetworks.mlp(2, 6, 8, 3)) {
      PruningSchedule schedule = new ConstantSparsitySchedule(0.5, 0);
      assertThatThrownBy(() -> new GradualPruningListener((NetworkModel) null, schedule))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("model must not be null");
      assertThatThrownBy(() -> new GradualPruningListener((MultiLayerNetwork) null, schedule))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("network must not be null");
      assertThatThrownBy(() -> new GradualPruningListener(model, null)).hasMessage("schedule must not be null");
      assertThatThrownBy(() -> new GradualPruningListener(model, LayerSelection.ALL_WEIGHTS, null,
          new MagnitudeCriterion(), schedule)).hasMessage("scope must not be null");
      assertThatThrownBy(() -> new GradualPruningListener(model, new LayerSelection(List.of("fc9"), false, false, false),
          Scope.LAYER, new MagnitudeCriterion(), schedule))
          .hasMessage("layers: no layer named 'fc9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]");
      assertThatThrownBy(() -> new GradualPruningListener(model, new LayerSelection(List.of("0"), false, true, false),
          Scope.LAYER, new MagnitudeCriterion(), schedule))
          .hasMessage("no layer is selected for pruning; prunable layers: [0, 1]");
      other.network().setListeners(new GradualPruningListener(model, schedule));
      assertThatThrownBy(() -> other.network().fit(DATA.iterator(64, false, 0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a GradualPruningListener prunes the network of the NetworkModel it was created with;"
              + " attach it to that network only");
    }
  }
}
