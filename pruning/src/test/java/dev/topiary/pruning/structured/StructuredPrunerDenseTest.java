package dev.topiary.pruning.structured;

import static dev.topiary.pruning.structured.StructuredFixtures.inputs;
import static dev.topiary.pruning.structured.StructuredFixtures.output;
import static dev.topiary.pruning.structured.StructuredFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Structured pruning of dense layers on tiny MLPs with hand-set weights. */
class StructuredPrunerDenseTest {

  /**
   * dense 4→4 (layer 0), dense 4→3 (layer 1), output 3→2 (layer 2). Layer 0's units (columns):
   * u0 = [1, 1, 1, 1] (L1 4, L2 2), u1 = [3, 0, 0, 0] (L1 3, L2 3), u2 = [.5, .5, .5, .5]
   * (L1 2, L2 1), u3 = [2, 2, 0, 0] (L1 4, L2 √8); bias [3, 0, 0, 0].
   */
  private static NetworkModel handSet() {
    NetworkModel model = TinyNetworks.mlp(1, 4, 4, 3, 2);
    model.parameter("0_W").assign(Nd4j.create(new float[][] {
        {1, 3, 0.5f, 2},
        {1, 0, 0.5f, 2},
        {1, 0, 0.5f, 0},
        {1, 0, 0.5f, 0}}));
    model.parameter("0_b").assign(Nd4j.create(new float[] {3, 0, 0, 0}).reshape(model.parameter("0_b").shape()));
    return model;
  }

  private static List<Integer> removed(NetworkModel model, StructuredPruningPlan plan) {
    try (StructuredPruningResult result = StructuredPruner.prune(model, plan)) {
      return result.layers().get(0).removed();
    }
  }

  private static long nOut(NetworkModel model, int layer) {
    return ((FeedForwardLayer) model.network().getLayerWiseConfigurations().getConf(layer).getLayer()).getNOut();
  }

  private static long nIn(NetworkModel model, int layer) {
    return ((FeedForwardLayer) model.network().getLayerWiseConfigurations().getConf(layer).getLayer()).getNIn();
  }

  @Test
  void normsOfHandSetUnits() {
    try (NetworkModel model = handSet()) {
      assertThat(StructuredPruner.unitNorms(model, 0, UnitNorm.L1, false)).containsExactly(new double[] {4, 3, 2, 4},
          within(1e-6));
      assertThat(StructuredPruner.unitNorms(model, 0, UnitNorm.L2, false))
          .containsExactly(new double[] {2, 3, 1, Math.sqrt(8)}, within(1e-6));
      assertThat(StructuredPruner.unitNorms(model, 0, UnitNorm.L2, true))
          .containsExactly(new double[] {Math.sqrt(13), 3, 1, Math.sqrt(8)}, within(1e-6));
    }
  }

  @Test
  void l1AndL2RemoveDifferentUnitsAndTiesGoByIndex() {
    try (NetworkModel model = handSet()) {
      StructuredPruningPlan two = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(2)));
      assertThat(removed(model, two.withNorm(UnitNorm.L1))).containsExactly(1, 2);
      assertThat(removed(model, two)).containsExactly(0, 2);
      assertThat(removed(model, two.withIncludeBias(true))).containsExactly(2, 3);
      // u0 and u3 tie at L1 4: the lower index goes first
      StructuredPruningPlan three = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(3))).withNorm(UnitNorm.L1);
      assertThat(removed(model, three)).containsExactly(0, 1, 2);
    }
  }

  @Test
  void fractionRoundsDownAndMinUnitsCaps() {
    try (NetworkModel model = TinyNetworks.mlp(2, 4, 10, 5, 2)) {
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.25), 1,
          UnitBudget.ofFraction(0.9))).withMinUnits(3);
      try (StructuredPruningResult result = StructuredPruner.prune(model, plan)) {
        assertThat(result.layers()).extracting(PrunedLayer::unitsAfter).containsExactly(8, 3);
      }
    }
  }

  @Test
  void shrinksLayerAndNextInputAndCopiesKeptWeightsExactly() {
    try (NetworkModel model = handSet()) {
      double[] w0 = values(model, "0_W");
      double[] b0 = values(model, "0_b");
      double[] w1 = values(model, "1_W");
      double[] b1 = values(model, "1_b");
      double[] w2 = values(model, "2_W");
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(2)));
      try (StructuredPruningResult result = StructuredPruner.prune(model, plan)) {
        NetworkModel pruned = result.model();
        assertThat(result.layers()).containsExactly(new PrunedLayer(0, "layer0", "DenseLayer", 4, 2, List.of(0, 2)));
        assertThat(nOut(pruned, 0)).isEqualTo(2);
        assertThat(nIn(pruned, 1)).isEqualTo(2);
        assertThat(nOut(pruned, 1)).isEqualTo(3);
        assertThat(pruned.parameter("0_W").shape()).containsExactly(4, 2);
        assertThat(pruned.parameter("1_W").shape()).containsExactly(2, 3);
        int[] kept = {1, 3};
        double[] expectedW0 = new double[8];
        double[] expectedW1 = new double[6];
        for (int j = 0; j < 2; j++) {
          for (int i = 0; i < 4; i++) {
            expectedW0[i * 2 + j] = w0[i * 4 + kept[j]];
          }
          for (int k = 0; k < 3; k++) {
            expectedW1[j * 3 + k] = w1[kept[j] * 3 + k];
          }
        }
        assertThat(values(pruned, "0_W")).containsExactly(expectedW0, within(1e-6));
        assertThat(values(pruned, "0_b")).containsExactly(new double[] {b0[1], b0[3]}, within(1e-6));
        assertThat(values(pruned, "1_W")).containsExactly(expectedW1, within(1e-6));
        assertThat(values(pruned, "1_b")).containsExactly(b1, within(1e-6));
        assertThat(values(pruned, "2_W")).containsExactly(w2, within(1e-6));
        assertThat(result.parametersBefore()).isEqualTo(4 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
        assertThat(result.parametersAfter()).isEqualTo(4 * 2 + 2 + 2 * 3 + 3 + 3 * 2 + 2);
        assertThat(pruned.parameterCount()).isEqualTo(result.parametersAfter());
        // activation and updater configuration survive
        DenseLayer layer = (DenseLayer) pruned.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(layer.getActivationFn().toString()).isEqualTo("relu");
        assertThat(layer.getIUpdater()).isEqualTo(
            model.network().getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W"));
      }
    }
  }

  @Test
  void removingAllZeroReluNeuronsLeavesOutputsUnchanged() {
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 5, 3)) {
      zeroUnit(model, 0, 2, 0f);
      zeroUnit(model, 0, 5, 0f);
      zeroUnit(model, 1, 1, 0f);
      INDArray input = inputs(11, 20, 6);
      double[] before = output(model, input);
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(2), 1, UnitBudget.ofCount(1)));
      try (StructuredPruningResult result = StructuredPruner.prune(model, plan)) {
        assertThat(result.layers()).extracting(PrunedLayer::removed).containsExactly(List.of(2, 5), List.of(1));
        assertThat(output(result.model(), input)).containsExactly(before, within(1e-6));
      }
    }
  }

  @Test
  void aZeroWeightNeuronWithBiasStillContributesAConstant() {
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 5, 3)) {
      zeroUnit(model, 0, 2, 0.5f);
      INDArray input = inputs(11, 20, 6);
      double[] before = output(model, input);
      double[] nextRow = model.parameter("1_W").getRow(2).dup('c').data().asDouble();
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(1)));
      try (StructuredPruningResult result = StructuredPruner.prune(model, plan)) {
        assertThat(result.layers().get(0).removed()).containsExactly(2);
        double[] after = output(result.model(), input);
        double largest = 0;
        for (int i = 0; i < after.length; i++) {
          largest = Math.max(largest, Math.abs(after[i] - before[i]));
        }
        assertThat(largest).isGreaterThan(1e-3);
        // The neuron output relu(0.5) = 0.5 for every input; folding 0.5 × its row of the next
        // weights into the next bias restores the outputs exactly.
        INDArray bias = result.model().parameter("1_b");
        for (int k = 0; k < nextRow.length; k++) {
          bias.putScalar(k, bias.getDouble(k) + 0.5 * nextRow[k]);
        }
        assertThat(output(result.model(), input)).containsExactly(before, within(1e-6));
      }
    }
  }

  @Test
  void carriesOverMasksOfKeptUnits() {
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 5, 3, 2)) {
      INDArray mask = Nd4j.create(new float[][] {{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {1, 0, 0}, {0, 0, 1}});
      model.setMask("1_W", mask);
      try (StructuredPruningResult result = StructuredPruner.removeUnits(model, Map.of(0, List.of(1, 3)))) {
        assertThat(result.model().masks()).containsOnlyKeys("1_W");
        assertThat(result.model().masks().get("1_W").dup('c').data().asDouble())
            .containsExactly(new double[] {1, 0, 1, 1, 1, 0, 0, 0, 1}, within(1e-6));
        assertThat(NetworkModel.countNonZero(result.model().parameter("1_W"))).isEqualTo(5);
      }
    }
  }

  @Test
  void inputModelIsUntouched() {
    try (NetworkModel model = handSet()) {
      INDArray params = model.network().params().dup();
      String json = model.network().getLayerWiseConfigurations().toJson();
      try (StructuredPruningResult result = StructuredPruner.prune(model,
          StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.5), 1, UnitBudget.ofCount(1))))) {
        assertThat(result.model()).isNotSameAs(model);
      }
      assertThat(model.network().params().equals(params)).isTrue();
      assertThat(model.network().getLayerWiseConfigurations().toJson()).isEqualTo(json);
      assertThat(model.parameterCount()).isEqualTo(4 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
    }
  }

  @Test
  void prunedNetworkStartsWithFreshUpdaterStateAndCounters() {
    try (NetworkModel model = TinyNetworks.mlp(4, 6, 8, 3)) {
      NetworkTrainer.fit(model, TinyNetworks.blobs(4, 40, 6, 3), new TrainingOptions(1, 20, 4, null),
          ProgressReporter.NONE);
      assertThat(model.network().getLayerWiseConfigurations().getIterationCount()).isEqualTo(2);
      try (StructuredPruningResult result = StructuredPruner.prune(model,
          StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(3))))) {
        MultiLayerNetwork pruned = result.model().network();
        assertThat(pruned.getLayerWiseConfigurations().getIterationCount()).isZero();
        assertThat(pruned.getLayerWiseConfigurations().getEpochCount()).isZero();
        INDArray state = pruned.getUpdater().getStateViewArray();
        assertThat(NetworkModel.countNonZero(state)).isZero();
        assertThat(state.length()).isEqualTo(2 * pruned.numParams());
      }
    }
  }

  @Test
  void rejectsBadRequestsWithExactMessages() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 5, 4, 10)) {
      assertThatThrownBy(() -> StructuredPruner.prune(model, StructuredPruningPlan.of(Map.of(3, UnitBudget.ofCount(1)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("layer 3 is the output layer: its 10 units are the classes and cannot be removed");
      assertThatThrownBy(() -> StructuredPruner.prune(model, StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(8)))))
          .hasMessage("count 8 must be less than the 8 units of layer 0");
      assertThatThrownBy(() -> StructuredPruner.prune(model, StructuredPruningPlan.of(Map.of(4, UnitBudget.ofCount(1)))))
          .hasMessage("layer 4 does not exist: the network has layers 0 to 3");
      assertThatThrownBy(() -> StructuredPruner.removeUnits(model, Map.of(1, List.of(0, 1, 2, 3, 4))))
          .hasMessage("removing 5 units would leave layer 1 with none of its 5 units");
      assertThatThrownBy(() -> StructuredPruner.removeUnits(model, Map.of(1, List.of(5))))
          .hasMessage("unit 5 of layer 1 is out of range [0, 5)");
    }
  }

  private static void zeroUnit(NetworkModel model, int layer, int unit, float bias) {
    model.parameter(layer + "_W").getColumn(unit).assign(0);
    model.parameter(layer + "_b").putScalar(unit, bias);
  }
}
