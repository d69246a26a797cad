package dev.topiary.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.schedule.GradualPruningFactory;
import dev.topiary.pruning.schedule.GradualPruningSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pruning stages' checks against an untrained network, each problem at its field. */
class PruningPreflightTest {

  @Test
  void everyBadSelectorIsReportedAtItsIndex() {
    try (NetworkModel model = TinyNetworks.mlp(1, 4, 6, 3)) {
      LayerSelection selection = new LayerSelection(List.of("0", "dense9", "7"), false, false, false);

      assertThat(PruningPreflight.check(selection, model.network())).containsExactly(
          new PreflightProblem("layers[1]", "no layer named 'dense9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]"),
          new PreflightProblem("layers[2]", "no layer 7; the network has layers 0..1"));
    }
  }

  @Test
  void selectingNothingIsAProblem() {
    try (NetworkModel model = TinyNetworks.mlp(1, 4, 6, 3)) {
      LayerSelection selection = new LayerSelection(List.of("output"), false, false, true);

      assertThat(PruningPreflight.check(selection, model.network())).containsExactly(new PreflightProblem("layers",
          "no layer is selected for pruning; prunable layers: [0 layer0 (dense), 1 layer1 (output)]"));
    }
  }

  @Test
  void overridesAndNofMAreCheckedToo() {
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 5, 3)) {
      PruningPlan overrides = PruningPlan.builder().sparsity(0.5).layers("0").overrides(Map.of("1", 0.2)).build();
      assertThat(PruningPreflight.check(overrides, model.network())).containsExactly(new PreflightProblem(
          "overrides.1", "layer 1 (layer1) is not selected for pruning; selected layers: [0 layer0 (dense)]"));

      PruningPlan nOfM = PruningPlan.builder().granularity(Granularity.parse("2:4")).build();
      assertThat(PruningPreflight.check(nOfM, model.network())).containsExactly(
          new PreflightProblem("granularity", "2:4 needs the fan-in of layer 0 (layer0) to be a multiple of 4, got 6"),
          new PreflightProblem("granularity", "2:4 needs the fan-in of layer 1 (layer1) to be a multiple of 4, got 5"));
    }
  }

  @Test
  void gradualEndStepBeyondTheTrainingIsFoundFromTheDataSize() {
    GradualPruningSpec spec = new GradualPruningSpec(null, 0.5, null, null, 40L, 5, null, 2, 10, null, null, null,
        null, null, null);
    try (NetworkModel model = TinyNetworks.mlp(1, 4, 6, 3)) {
      // 95 rows in batches of 10: 10 batches per epoch, 20 steps in 2 epochs
      PreflightContext context = new PreflightContext(model.network(), 95, 10, 20);

      assertThat(new GradualPruningFactory().preflight(spec, context)).containsExactly(new PreflightProblem("endStep",
          "endStep (40) must be less than the 20 training steps (2 epochs × 10 batches), or the final sparsity is"
              + " never reached"));
      assertThat(new GradualPruningFactory().preflight(spec, new PreflightContext(model.network(), 300, 10, 20)))
          .isEmpty();
    }
  }
}
