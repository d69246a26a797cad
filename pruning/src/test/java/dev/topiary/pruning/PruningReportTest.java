package dev.topiary.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruningReportTest {

  private static LayerPruning layer(int index, String type, long weights, long pruned) {
    return new LayerPruning(index, "layer" + index, type, List.of(index + "_W"), weights, pruned,
        (double) pruned / weights, 0.1);
  }

  private static PruningReport report(Scope scope, LayerPruning... layers) {
    return new PruningReport("magnitude", scope, "unstructured", 1, List.of(layers), null, 0, 0, 0,
        PruningReport.SPEED_NOTE);
  }

  @Test
  void smallLayersPrunedHardAreWarnedAbout() {
    PruningReport report = report(Scope.LAYER, layer(0, "conv", 108, 86), layer(1, "dense", 5000, 4000),
        layer(2, "output", 300, 100));
    assertThat(report.warnings()).containsExactly("layer 0 (layer0, conv) has only 108 weights and is pruned to"
        + " 79.6 %; small layers are sensitive: rank all layers together (scope: global), leave it out (skipFirst,"
        + " skipLast, layers) or give it a smaller override");
    assertThat(report.diagnostics()).containsKey("warnings");
    assertThat(report(Scope.LAYER, layer(1, "dense", 5000, 4000)).diagnostics()).doesNotContainKey("warnings");
  }

  @Test
  void theOutputLayersTreatmentIsExplicit() {
    assertThat(report(Scope.GLOBAL, layer(2, "output", 300, 18)).outputLayer()).isEqualTo("layer 2 (layer2) is"
        + " selected and ranked with the other selected layers in the one global pool: 18 of 300 weights pruned"
        + " (6.0 %); skipLast: true leaves it out");
    assertThat(report(Scope.LAYER, layer(2, "output", 300, 240)).outputLayer()).isEqualTo("layer 2 (layer2) is"
        + " selected and pruned to the amount on its own: 240 of 300 weights pruned (80.0 %); skipLast: true leaves"
        + " it out");
    assertThat(report(Scope.GLOBAL, layer(0, "dense", 300, 18)).outputLayer()).isNull();
    try (NetworkModel model = TinyNetworks.mlp(1, 6, 8, 3);
        PruningResult skipped = Pruner.prune(model, PruningPlan.builder().sparsity(0.5).skipLast(true).build(),
            new MagnitudeCriterion());
        PruningResult kept = Pruner.prune(model, PruningPlan.builder().sparsity(0.5).build(), new MagnitudeCriterion())) {
      assertThat(skipped.report().diagnostics()).doesNotContainKey("outputLayer");
      assertThat((String) kept.report().diagnostics().get("outputLayer"))
          .startsWith("layer 1 (layer1) is selected and ranked with the other selected layers in the one global pool");
    }
  }
}
