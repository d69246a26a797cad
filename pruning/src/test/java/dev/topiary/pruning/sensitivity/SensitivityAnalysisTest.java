package dev.topiary.pruning.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluation;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pruning.LayerSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class SensitivityAnalysisTest {

  /** Two rows of class 0 at (1, 0), two of class 1 at (0, 1). */
  static final Dataset DATA = new Dataset(new float[] {1, 0, 1, 0, 0, 1, 0, 1}, new int[] {0, 0, 1, 1}, 2, 2, null,
      List.of());

  /**
   * 2 → 2 (ReLU) → 2 (softmax), biases zero. Hidden: (3, 0.1) for class 0, (0.2, 2) for class 1.
   * Layer 0 pruned to 0.75 keeps only 3 (class 1 inputs give a tie, read as class 0); layer 1 pruned
   * to 0.5 drops 0.3 and -0.8, which flips class 1.
   */
  static NetworkModel handSet() {
    NetworkModel model = TinyNetworks.mlp(1, 2, 2, 2);
    model.parameter("0_W").assign(Nd4j.create(new float[][] {{3f, 0.1f}, {0.2f, 2f}}));
    model.parameter("0_b").assign(0);
    model.parameter("1_W").assign(Nd4j.create(new float[][] {{1.5f, -0.9f}, {-0.8f, 0.3f}}));
    model.parameter("1_b").assign(0);
    return model;
  }

  @Test
  void aHandSetNetworkGivesTheExpectedAccuracies() {
    try (NetworkModel model = handSet()) {
      float[] before = model.network().params().dup().data().asFloat();
      SensitivityTable table = SensitivityAnalysis.analyze(model, DATA, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(0.75, 0.25, 0.5), ProgressReporter.NONE);
      Evaluation dense = Evaluator.evaluate(model, DATA);
      assertThat(table.denseAccuracy()).isEqualTo(dense.accuracy()).isEqualTo(1.0);
      assertThat(table.denseLoss()).isEqualTo(dense.loss());
      assertThat(table.sparsities()).containsExactly(0.25, 0.5, 0.75);
      assertThat(table.layers()).containsExactly(new SensitivityLayer(0, "layer0", "dense", "layer0"),
          new SensitivityLayer(1, "layer1", "output", "layer1"));
      assertThat(table.points()).extracting(SensitivityPoint::accuracy).containsExactly(1.0, 1.0, 0.5, 1.0, 0.5, 0.5);
      assertThat(table.accuracy(1, 0.5)).isEqualTo(0.5);
      assertThat(table.examples()).isEqualTo(4);
      assertThat(table.allowedSparsities(0.01)).containsExactly(Map.entry(0, 0.5), Map.entry(1, 0.25));
      assertThat(model.hasMasks()).isFalse();
      assertThat(model.network().params().dup().data().asFloat()).containsExactly(before);
    }
  }

  @Test
  void accuracyFallsWithSparsityOnATrainedNetwork() {
    try (NetworkModel model = TinyNetworks.mlp(3, 6, 8, 3)) {
      Dataset data = TinyNetworks.blobs(5, 60, 6, 3);
      dev.topiary.core.train.NetworkTrainer.fit(model, data, new dev.topiary.core.train.TrainingOptions(8, 16, 1, null),
          ProgressReporter.NONE);
      SensitivityTable table = SensitivityAnalysis.analyze(model, data, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(0.0, 0.5, 0.95), ProgressReporter.NONE);
      for (SensitivityLayer layer : table.layers()) {
        List<SensitivityPoint> points = table.pointsOf(layer.index());
        assertThat(points.get(0).accuracy()).isEqualTo(table.denseAccuracy());
        assertThat(points.get(2).accuracy()).isLessThanOrEqualTo(points.get(0).accuracy());
      }
    }
  }

  /** Dense 0.93; layer 0 drops exactly one point at 0.7; layer 1 too much everywhere; layer 2 recovers at 0.7. */
  static SensitivityTable handMade() {
    List<Double> sparsities = List.of(0.5, 0.7, 0.9);
    List<SensitivityLayer> layers = List.of(new SensitivityLayer(0, "fc1", "dense", "fc1"),
        new SensitivityLayer(1, "dense", "dense", "1"), new SensitivityLayer(2, "out", "output", "out"));
    double[][] accuracy = {{0.93, 0.92, 0.80}, {0.90, 0.85, 0.50}, {0.80, 0.93, 0.40}};
    List<SensitivityPoint> points = new java.util.ArrayList<>();
    for (int l = 0; l < 3; l++) {
      for (int s = 0; s < 3; s++) {
        points.add(new SensitivityPoint(l, layers.get(l).name(), sparsities.get(s), accuracy[l][s], 0.25 * (l + s + 1)));
      }
    }
    return new SensitivityTable("validation", 100, 0.93, 0.2, sparsities, layers, points);
  }

  @Test
  void allowedSparsitiesTakeTheLargestWithinTheBudget() {
    SensitivityTable table = handMade();
    assertThat(0.93 - 0.92).isGreaterThan(0.01); // why the tolerance exists
    assertThat(table.allowedSparsities(0.01)).containsExactly(Map.entry(0, 0.7), Map.entry(1, 0.0), Map.entry(2, 0.7));
    assertThat(table.allowedSparsities(0.0)).containsExactly(Map.entry(0, 0.5), Map.entry(1, 0.0), Map.entry(2, 0.7));
    assertThat(table.allowedSparsities(0.03)).containsExactly(Map.entry(0, 0.7), Map.entry(1, 0.5), Map.entry(2, 0.7));
    assertThat(table.allowedSparsities(0.6)).containsExactly(Map.entry(0, 0.9), Map.entry(1, 0.9), Map.entry(2, 0.9));
    assertThatThrownBy(() -> table.allowedSparsities(-0.01)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAccuracyDrop must be at least 0, got -0.01");
    assertThatThrownBy(() -> table.accuracy(3, 0.5)).hasMessage("layer 3 was not analysed; analysed layers: [0, 1, 2]");
    assertThatThrownBy(() -> table.accuracy(0, 0.6))
        .hasMessage("sparsity 0.6 was not analysed; sparsities: [0.5, 0.7, 0.9]");
  }

  @Test
  void badInputsAreRejectedWithExactMessages() {
    try (NetworkModel model = handSet()) {
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, DATA, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(), ProgressReporter.NONE)).hasMessage("sparsities must not be empty, got []");
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, DATA, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(0.5, 1.0), ProgressReporter.NONE)).hasMessage("sparsities[1] must be in [0, 1), got 1.0");
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, DATA, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(-0.1), ProgressReporter.NONE)).hasMessage("sparsities[0] must be in [0, 1), got -0.1");
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, DATA, "validation", LayerSelection.ALL_WEIGHTS,
          List.of(0.5, 0.5), ProgressReporter.NONE)).hasMessage("sparsities[1] repeats 0.5");
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, Dataset.emptyLike(DATA), "validation",
          LayerSelection.ALL_WEIGHTS, List.of(0.5), ProgressReporter.NONE))
          .hasMessage("sensitivity analysis needs evaluation data, got an empty dataset");
      Dataset empty = Dataset.emptyLike(DATA);
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, new DataSplits(DATA, empty, empty),
          LayerSelection.ALL_WEIGHTS, List.of(0.5), null, 1, ProgressReporter.NONE))
          .hasMessage("sensitivity analysis needs evaluation data, but the validation and test splits are both empty");
      assertThatThrownBy(() -> SensitivityAnalysis.analyze(model, DATA, "validation",
          new LayerSelection(List.of(), false, true, true), List.of(0.5), ProgressReporter.NONE))
          .hasMessage("no layer is selected for sensitivity analysis; prunable layers: [0, 1]");
    }
  }

  @Test
  void theValidationSplitIsPreferredAndTheTestSplitUsedOnlyWhenItIsEmpty() {
    try (NetworkModel model = handSet()) {
      Dataset empty = Dataset.emptyLike(DATA);
      SensitivityTable onTest = SensitivityAnalysis.analyze(model, new DataSplits(DATA, empty, DATA),
          LayerSelection.ALL_WEIGHTS, List.of(0.5), null, 1, ProgressReporter.NONE);
      assertThat(onTest.evaluatedOn()).isEqualTo("test (the validation split is empty)");
      SensitivityTable sampled = SensitivityAnalysis.analyze(model, new DataSplits(DATA, DATA, empty),
          LayerSelection.ALL_WEIGHTS, List.of(0.5), 3, 1, ProgressReporter.NONE);
      assertThat(sampled.evaluatedOn()).isEqualTo("validation, a seeded sample of 3 of 4 examples");
      assertThat(sampled.examples()).isEqualTo(3);
      SensitivityTable again = SensitivityAnalysis.analyze(model, new DataSplits(DATA, DATA, empty),
          LayerSelection.ALL_WEIGHTS, List.of(0.5), 3, 1, ProgressReporter.NONE);
      assertThat(again).isEqualTo(sampled);
    }
  }
}
