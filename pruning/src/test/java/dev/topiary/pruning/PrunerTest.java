package dev.topiary.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.criteria.RandomCriterion;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrunerTest {

  private static final MagnitudeCriterion MAGNITUDE = new MagnitudeCriterion();

  /**
   * A 4-2-2 network with hand-set weights. |0_W| row-major: .1 .8 .5 .2 .3 .9 .7 .05; |1_W|: .01
   * .15 .02 .12. Biases are zero.
   */
  static NetworkModel handSet() {
    NetworkModel model = TinyNetworks.mlp(1, 4, 2, 2);
    set(model, "0_W", 0.1f, -0.8f, 0.5f, 0.2f, -0.3f, 0.9f, 0.7f, -0.05f);
    set(model, "1_W", 0.01f, 0.15f, -0.02f, 0.12f);
    return model;
  }

  static void set(NetworkModel model, String key, float... values) {
    INDArray param = model.parameter(key);
    param.assign(Nd4j.create(values, param.shape(), 'c'));
  }

  static float[] mask(PruningResult result, String key) {
    INDArray mask = result.model().masks().get(key);
    return mask == null ? null : mask.dup('c').data().asFloat();
  }

  private static PruningResult prune(NetworkModel model, PruningPlan.Builder plan) {
    return Pruner.prune(model, plan.build(), MAGNITUDE);
  }

  @Test
  void layerAndGlobalMagnitudeGiveDifferentMasksOnTheSameWeights() {
    try (NetworkModel model = handSet();
        PruningResult layer = prune(model, PruningPlan.builder().sparsity(0.5).scope(Scope.LAYER));
        PruningResult global = prune(model, PruningPlan.builder().sparsity(0.5).scope(Scope.GLOBAL))) {
      assertThat(mask(layer, "0_W")).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
      assertThat(mask(layer, "1_W")).containsExactly(0, 1, 0, 1);
      assertThat(layer.report().layers().get(0).threshold()).isCloseTo(0.3, within(1e-6));
      assertThat(layer.report().layers().get(1).threshold()).isCloseTo(0.02, within(1e-6));
      assertThat(layer.report().globalThreshold()).isNull();
      // one ranking: the six smallest are .01 .02 .05 .1 .12 .15, emptying layer 1
      assertThat(mask(global, "0_W")).containsExactly(0, 1, 1, 1, 1, 1, 1, 0);
      assertThat(mask(global, "1_W")).containsExactly(0, 0, 0, 0);
      assertThat(global.report().globalThreshold()).isCloseTo(0.15, within(1e-6));
      assertThat(global.report().layers().get(0).sparsity()).isCloseTo(0.25, within(1e-6));
      assertThat(global.report().layers().get(1).sparsity()).isCloseTo(1.0, within(1e-6));
      assertThat(global.report().sparsity()).isCloseTo(0.5, within(1e-6));
      assertThat(global.report().prunedWeights()).isEqualTo(6);
      assertThat(global.report().note()).contains("no faster").contains("gzip");
      assertThat(NetworkModel.countNonZero(global.model().parameter("1_W"))).isZero();
    }
  }

  private static void close(PruningResult... results) {
    for (PruningResult result : results) {
      result.model().close();
    }
  }

  @Test
  void tiesArePrunedInFlatIndexOrder() {
    try (NetworkModel model = handSet()) {
      set(model, "1_W", 0.5f, 0.5f, 0.5f, 0.5f);
      PruningResult result = prune(model, PruningPlan.builder().count(2).layers("1"));
      assertThat(mask(result, "1_W")).containsExactly(0, 0, 1, 1);
      assertThat(result.model().masks()).containsOnlyKeys("1_W");
      close(result);
    }
  }

  @Test
  void countAndSparsityAgreeAndCountAppliesPerLayerOrInTotal() {
    try (NetworkModel model = handSet()) {
      PruningResult byCount = prune(model, PruningPlan.builder().count(3).layers("0").scope(Scope.LAYER));
      PruningResult bySparsity = prune(model, PruningPlan.builder().sparsity(0.375).layers("layer0").scope(Scope.LAYER));
      assertThat(mask(byCount, "0_W")).containsExactly(0, 1, 1, 0, 1, 1, 1, 0);
      assertThat(mask(bySparsity, "0_W")).containsExactly(mask(byCount, "0_W"));
      PruningResult globalCount = prune(model, PruningPlan.builder().count(3).scope(Scope.GLOBAL));
      assertThat(globalCount.report().prunedWeights()).isEqualTo(3);
      assertThat(mask(globalCount, "0_W")).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
      assertThat(mask(globalCount, "1_W")).containsExactly(0, 1, 0, 1);
      close(byCount, bySparsity, globalCount);
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().count(5).scope(Scope.LAYER)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("count 5 exceeds the 4 selected weights of layer 1 (layer1)");
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().count(13).scope(Scope.GLOBAL)))
          .hasMessage("count 13 exceeds the 12 selected weights in total");
    }
  }

  @Test
  void includeBiasRanksBiasesWithTheirLayersWeights() {
    try (NetworkModel model = handSet()) {
      set(model, "0_b", 0.25f, -0.95f);
      PruningResult result = prune(model, PruningPlan.builder().sparsity(0.5).layers("0").includeBias(true));
      assertThat(mask(result, "0_W")).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
      assertThat(mask(result, "0_b")).containsExactly(0, 1);
      assertThat(result.report().layers().get(0).parameters()).containsExactly("0_W", "0_b");
      assertThat(result.report().layers().get(0).weights()).isEqualTo(10);
      close(result);
    }
  }

  @Test
  void skipFirstAndSkipLastLeaveTheOuterPrunableLayersAlone() {
    try (NetworkModel model = handSet()) {
      PruningResult skipFirst = prune(model, PruningPlan.builder().sparsity(0.5).skipFirst(true));
      PruningResult skipLast = prune(model, PruningPlan.builder().sparsity(0.5).skipLast(true));
      assertThat(skipFirst.model().masks()).containsOnlyKeys("1_W");
      assertThat(skipLast.model().masks()).containsOnlyKeys("0_W");
      close(skipFirst, skipLast);
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().sparsity(0.5).skipFirst(true).skipLast(true)))
          .hasMessage("no layer is selected for pruning; prunable layers: [0 layer0 (dense), 1 layer1 (output)]");
    }
  }

  @Test
  void overridesGiveSelectedLayersTheirOwnSparsity() {
    try (NetworkModel model = handSet()) {
      PruningResult layer = prune(model, PruningPlan.builder().sparsity(0.5).override("layer1", 0.25));
      assertThat(mask(layer, "0_W")).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
      assertThat(mask(layer, "1_W")).containsExactly(0, 1, 1, 1);
      // global: layer 0 on its own at 0.25, layer 1 alone in the shared ranking at 0.5
      PruningResult global = prune(model, PruningPlan.builder().sparsity(0.5).scope(Scope.GLOBAL)
          .override("dense", 0.25));
      assertThat(mask(global, "0_W")).containsExactly(0, 1, 1, 1, 1, 1, 1, 0);
      assertThat(mask(global, "1_W")).containsExactly(0, 1, 0, 1);
      close(layer, global);
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().sparsity(0.5).layers("0").override("1", 0.2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("overrides: layer 1 (layer1) is not selected for pruning; selected layers: [0 layer0 (dense)]");
    }
  }

  @Test
  void thresholdPrunesEveryWeightAtOrBelowIt() {
    try (NetworkModel model = handSet()) {
      PruningResult result = prune(model, PruningPlan.builder().threshold(0.13));
      assertThat(mask(result, "0_W")).containsExactly(0, 1, 1, 1, 1, 1, 1, 0);
      assertThat(mask(result, "1_W")).containsExactly(0, 1, 0, 0);
      assertThat(result.report().layers().get(1).threshold()).isCloseTo(0.13, within(1e-6));
      assertThat(result.report().prunedWeights()).isEqualTo(5);
      close(result);
    }
  }

  @Test
  void twoOfFourKeepsTheTwoLargestOfEachGroupAlongTheInputDimension() {
    try (NetworkModel model = handSet()) {
      // column 0 is 1 2 3 4 down the inputs, column 1 is .1 .2 .3 .4
      set(model, "0_W", 1f, 0.1f, 2f, 0.2f, 3f, 0.3f, 4f, 0.4f);
      PruningResult nm = prune(model, PruningPlan.builder().layers("0").granularity(Granularity.parse("2:4")));
      PruningResult magnitude = prune(model, PruningPlan.builder().layers("0").sparsity(0.5));
      assertThat(mask(nm, "0_W")).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
      assertThat(mask(magnitude, "0_W")).containsExactly(1, 0, 1, 0, 1, 0, 1, 0);
      assertThat(nm.report().granularity()).isEqualTo("2:4");
      // equal scores in a group: the earlier inputs go first
      set(model, "0_W", 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f);
      PruningResult ties = prune(model, PruningPlan.builder().layers("0").granularity(Granularity.parse("1:4")));
      assertThat(mask(ties, "0_W")).containsExactly(0, 0, 0, 0, 0, 0, 1, 1);
      close(nm, magnitude, ties);
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().granularity(Granularity.parse("2:4"))))
          .hasMessage("granularity 2:4 needs the fan-in of layer 1 (layer1) to be a multiple of 4, got 2");
    }
  }

  @Test
  void nOfMOnAConvolutionGroupsTheFlattenedFanInOfEachOutputChannel() {
    try (NetworkModel model = TinyNetworks.cnn(3, 6, 2, 3)) {
      // conv W is [2, 1, 3, 3]: fan-in 9 is not a multiple of 4, the dense layer after it is
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().layers("conv").granularity(Granularity.parse("2:4"))))
          .hasMessage("granularity 2:4 needs the fan-in of layer 0 (layer0) to be a multiple of 4, got 9");
      PruningResult result = prune(model, PruningPlan.builder().layers("0").granularity(Granularity.parse("1:3")));
      float[] mask = mask(result, "0_W");
      for (int group = 0; group < 6; group++) {
        assertThat(mask[group * 3] + mask[group * 3 + 1] + mask[group * 3 + 2]).isEqualTo(1f);
      }
      close(result);
    }
  }

  @Test
  void unknownLayerNameListsTheNetworksLayerNames() {
    try (NetworkModel model = handSet()) {
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().sparsity(0.5).layers("fc9")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("layers: no layer named 'fc9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]");
      assertThatThrownBy(() -> prune(model, PruningPlan.builder().sparsity(0.5).layers("7")))
          .hasMessage("layers: no layer 7; the network has layers 0..1");
    }
  }

  @Test
  void randomIsReproducibleBySeed() {
    try (NetworkModel model = TinyNetworks.mlp(2, 20, 10, 2)) {
      PruningPlan plan = PruningPlan.builder().sparsity(0.3).build();
      PruningResult a = Pruner.prune(model, plan, new RandomCriterion(5));
      PruningResult b = Pruner.prune(model, plan, new RandomCriterion(5));
      PruningResult c = Pruner.prune(model, plan, new RandomCriterion(6));
      assertThat(mask(a, "0_W")).containsExactly(mask(b, "0_W"));
      assertThat(mask(a, "0_W")).isNotEqualTo(mask(c, "0_W"));
      assertThat(a.report().layers().get(0).pruned()).isEqualTo(60);
      assertThat(a.report().layers().get(1).pruned()).isEqualTo(6);
      close(a, b, c);
    }
  }

  @Test
  void pruningLeavesTheInputUntouchedAndKeepsEarlierMasks() {
    try (NetworkModel model = handSet()) {
      float[] before = model.network().params().dup().data().asFloat();
      PruningResult first = prune(model, PruningPlan.builder().sparsity(0.25).layers("0"));
      assertThat(model.hasMasks()).isFalse();
      assertThat(model.network().params().dup().data().asFloat()).containsExactly(before);
      // pruning the pruned model again: the earlier zeros stay and count toward the amount
      set(first.model(), "0_W", 0.1f, -0.8f, 0.5f, 0.2f, -0.3f, 0.9f, 0.7f, -0.05f);
      first.model().applyMasks();
      PruningResult second = prune(first.model(), PruningPlan.builder().sparsity(0.25).layers("0"));
      assertThat(mask(second, "0_W")).containsExactly(mask(first, "0_W"));
      close(first, second);
    }
  }

  @Test
  void masksSurviveAdamFineTuning() {
    var data = TinyNetworks.blobs(4, 60, 4, 2);
    try (NetworkModel model = handSet();
        PruningResult result = prune(model, PruningPlan.builder().sparsity(0.5))) {
      NetworkTrainer.fit(result.model(), data, new TrainingOptions(3, 10, 1, null), ProgressReporter.NONE);
      float[] w = result.model().parameter("0_W").dup('c').data().asFloat();
      float[] mask = mask(result, "0_W");
      for (int i = 0; i < w.length; i++) {
        if (mask[i] == 0) {
          assertThat(w[i]).isZero();
        } else {
          assertThat(w[i]).isNotZero();
        }
      }
      assertThat(result.model().parameter("1_W").getDouble(0, 0)).isZero();
    }
  }

  @Test
  void stripDropsMasksAndKeepsZeros() {
    try (NetworkModel model = handSet();
        PruningResult result = prune(model, PruningPlan.builder().sparsity(0.5));
        NetworkModel stripped = Pruner.strip(result.model())) {
      assertThat(stripped.hasMasks()).isFalse();
      assertThat(result.model().masks()).hasSize(2);
      assertThat(stripped.nonZeroParameterCount()).isEqualTo(result.model().nonZeroParameterCount());
    }
  }

  @Test
  void planRulesNameTheFieldAndValue() {
    assertThatThrownBy(() -> PruningPlan.builder().sparsity(1.5).build())
        .hasMessage("sparsity must be in [0, 1), got 1.5");
    assertThatThrownBy(() -> PruningPlan.builder().build())
        .hasMessage("give exactly one of sparsity and count, got neither");
    assertThatThrownBy(() -> Granularity.parse("4:4"))
        .hasMessage("granularity '4:4' needs 0 < N < M (keep N of every M weights)");
    assertThatThrownBy(() -> Granularity.parse("two of four"))
        .hasMessage("granularity must be 'unstructured' or 'N:M' such as '2:4', got 'two of four'");
    assertThatThrownBy(() -> PruningPlan.builder().sparsity(0.5).override("0", -0.1).build())
        .hasMessage("overrides.0 must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> PruningPlan.builder().granularity(Granularity.parse("2:4")).includeBias(true).build())
        .hasMessage("includeBias does not apply to granularity 2:4 (N:M patterns are for weights)");
  }
}
