package dev.topiary.pruning.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.PruningAmount;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fractions become counts as torch.nn.utils.prune computes them; whole units can be masked. */
class TorchRoundingAndMaskingTest {

  @Test
  void fractionsRoundHalfToEvenLikeTorch() {
    // torch: round(amount * n) in Python, i.e. half to even, on the double product
    assertThat(PruningAmount.countOf(0.5, 5)).isEqualTo(2);    // 2.5 → 2
    assertThat(PruningAmount.countOf(0.5, 7)).isEqualTo(4);    // 3.5 → 4
    assertThat(PruningAmount.countOf(0.5, 3)).isEqualTo(2);    // 1.5 → 2
    assertThat(PruningAmount.countOf(0.25, 10)).isEqualTo(2);  // 2.5 → 2
    assertThat(PruningAmount.countOf(0.6, 6)).isEqualTo(4);    // 3.5999… → 4
    assertThat(PruningAmount.countOf(0.3, 5)).isEqualTo(2);    // 1.5 → 2
    assertThat(PruningAmount.countOf(0.0, 9)).isZero();
    assertThatThrownBy(() -> PruningAmount.countOf(1.5, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1], got 1.5");
  }

  @Test
  void structuredFractionsRoundTheSameWay() {
    assertThat(UnitBudget.ofFraction(0.6).unitsToRemove(0, 6)).isEqualTo(4);   // floor gave 3
    assertThat(UnitBudget.ofFraction(0.5).unitsToRemove(0, 5)).isEqualTo(2);
    assertThat(UnitBudget.ofFraction(0.5).unitsToRemove(0, 7)).isEqualTo(4);
    assertThat(UnitBudget.ofFraction(0.75).unitsToRemove(0, 6)).isEqualTo(4); // 4.5 → 4
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 6, 2);
        StructuredPruningResult smaller = StructuredPruner.prune(model,
            StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.6))))) {
      assertThat(smaller.layers().get(0).unitsAfter()).isEqualTo(2);   // 0.6 of 6 neurons removes 4
    }
  }

  @Test
  void outputMaskingZeroesWholeNeuronsAndKeepsTheShape() {
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 6, 2)) {
      // make the ranking known: neuron u of layer 0 has all incoming weights equal to u + 1, except
      // neuron 4, which is the smallest
      INDArray w = model.parameter("0_W");
      for (int u = 0; u < 6; u++) {
        w.getColumn(u).assign(u == 4 ? 0.1 : u + 1);
      }
      model.parameter("0_b").assign(0.5);
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.5))).withNorm(UnitNorm.L1);
      try (StructuredMaskingResult masked = StructuredPruner.mask(model, plan, PruningDimension.OUTPUT)) {
        assertThat(masked.maskedUnits().get(0)).containsExactly(0, 1, 4);   // round(0.5 · 6) = 3 smallest
        INDArray kept = masked.model().parameter("0_W");
        assertThat(kept.shape()).containsExactly(4, 6);
        for (int u = 0; u < 6; u++) {
          boolean gone = u == 0 || u == 1 || u == 4;
          assertThat(kept.getColumn(u).sumNumber().doubleValue()).as("neuron %d", u).isEqualTo(gone ? 0 : 4.0 * (u + 1));
          assertThat(masked.model().parameter("0_b").getDouble(u)).isEqualTo(gone ? 0 : 0.5);
        }
        assertThat(masked.model().masks()).containsOnlyKeys("0_W", "0_b");
        // the input is not changed
        assertThat(model.parameter("0_W").getColumn(0).sumNumber().doubleValue()).isEqualTo(4.0);
      }
    }
  }

  @Test
  void inputMaskingZeroesWholeInputRowsOfTheOutputLayerToo() {
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 6, 2)) {
      INDArray w = model.parameter("1_W");   // output layer W [6, 2]
      for (int i = 0; i < 6; i++) {
        w.putScalar(i, 0, i + 1);
        w.putScalar(i, 1, -(i + 1));
      }
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(1, UnitBudget.ofCount(2)));
      try (StructuredMaskingResult masked = StructuredPruner.mask(model, plan, PruningDimension.INPUT)) {
        assertThat(masked.maskedUnits().get(1)).containsExactly(0, 1);
        INDArray kept = masked.model().parameter("1_W");
        assertThat(kept.getRow(0).sumNumber().doubleValue()).isZero();
        assertThat(kept.getRow(1).amaxNumber().doubleValue()).isZero();
        assertThat(kept.getRow(2).getDouble(0)).isEqualTo(3.0);
        assertThat(masked.model().masks()).containsOnlyKeys("1_W");
      }
    }
  }

  @Test
  void convolutionFiltersAndInputChannelsCanBeMasked() {
    try (NetworkModel model = StructuredFixtures.convConvNet(5)) {
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(2, UnitBudget.ofFraction(0.5)));
      try (StructuredMaskingResult filters = StructuredPruner.mask(model, plan, PruningDimension.OUTPUT);
          StructuredMaskingResult channels = StructuredPruner.mask(model, plan, PruningDimension.INPUT)) {
        // layer 2: 3 filters over 4 input channels; round(1.5) = 2 filters, round(2.0) = 2 channels
        assertThat(filters.maskedUnits().get(2)).hasSize(2);
        assertThat(channels.maskedUnits().get(2)).hasSize(2);
        INDArray f = filters.model().parameter("2_W");
        for (int filter : filters.maskedUnits().get(2)) {
          assertThat(f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(filter)).amaxNumber().doubleValue()).isZero();
        }
        INDArray c = channels.model().parameter("2_W");
        for (int channel : channels.maskedUnits().get(2)) {
          assertThat(c.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(channel))
              .amaxNumber().doubleValue()).isZero();
        }
        assertThat(NetworkModel.countNonZero(c)).isEqualTo(3 * 2 * 9);
      }
    }
  }

  @Test
  void masksOfUnitsHoldThroughTraining() {
    try (NetworkModel model = TinyNetworks.mlp(3, 6, 8, 3);
        StructuredMaskingResult masked = StructuredPruner.mask(model,
            StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.5))), PruningDimension.OUTPUT)) {
      masked.network().addListeners(masked.maskHoldingListener());
      masked.network().fit(TinyNetworks.blobs(1, 64, 6, 3).iterator(16, true, 2), 2);
      for (int unit : masked.maskedUnits().get(0)) {
        assertThat(masked.network().getParam("0_W").getColumn(unit).amaxNumber().doubleValue()).isZero();
        assertThat(masked.network().getParam("0_b").getDouble(unit)).isZero();
      }
    }
  }

  @Test
  void layersThatCannotBeMaskedAreNamed() {
    try (NetworkModel model = StructuredFixtures.convConvNet(5)) {
      assertThatThrownBy(() -> StructuredPruner.mask(model, StructuredPruningPlan.of(Map.of(1, UnitBudget.ofCount(1))),
          PruningDimension.INPUT)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("layer 1 (BatchNormalization) has no weights to mask: only DenseLayer, ConvolutionLayer and"
              + " OutputLayer inputs can be masked");
      assertThatThrownBy(() -> StructuredPruner.mask(model, StructuredPruningPlan.of(Map.of(4, UnitBudget.ofCount(1))),
          PruningDimension.OUTPUT)).hasMessage("layer 4 is the output layer: its 2 units are the classes and cannot be removed");
      assertThatThrownBy(() -> StructuredPruner.mask(model, StructuredPruningPlan.of(Map.of(9, UnitBudget.ofCount(1))),
          PruningDimension.INPUT)).hasMessage("layer 9 does not exist: the network has layers 0 to 4");
      assertThatThrownBy(() -> StructuredPruner.mask(model, StructuredPruningPlan.of(Map.of()), null))
          .hasMessage("dimension must not be null");
    }
  }
}
