package dev.topiary.pruning.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.measure.Meter;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.structured.StructuredPruner;
import dev.topiary.pruning.structured.StructuredPruningPlan;
import dev.topiary.pruning.structured.StructuredPruningResult;
import dev.topiary.pruning.structured.UnitBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-shot and structured examples of the README, between README-BEGIN and README-END. */
class ReadmeLibraryExamplesTest {

  @Test
  void oneShotGlobalMagnitudeThenFineTuneThenStrip() {
    Dataset train = TinyNetworks.blobs(3, 400, 20, 4);
    Dataset test = TinyNetworks.blobs(3, 200, 20, 4);
    try (NetworkModel trained = TinyNetworks.mlp(5, 20, 64, 32, 4)) {
      NetworkTrainer.fit(trained, train, new TrainingOptions(5, 32, 1, null), ProgressReporter.NONE);
      // README-BEGIN one-shot-handles
      PruningPlan plan = PruningPlan.builder().sparsity(0.9).scope(Scope.GLOBAL).build();
      try (PruningResult pruned = Pruner.prune(trained, plan, new MagnitudeCriterion())) {  // `trained` is untouched
        NetworkModel model = pruned.model();
        System.out.println(pruned.report().diagnostics());                       // sparsity per layer, threshold
        NetworkTrainer.fit(model, train,                                         // masked weights stay zero
            TrainingOptions.builder().epochs(2).batchSize(32).seed(7).learningRate(1e-3).build(),
            ProgressReporter.NONE);
        model.clearMasks();                                                      // strip
        Metrics metrics = Meter.measure(model, test, MeterSettings.defaults());  // size, latency, accuracy
        System.out.printf("accuracy %.4f, %d of %d weights non-zero, %d gzip bytes%n", metrics.accuracy(),
            metrics.nonZeroParameters(), metrics.parameters(), metrics.gzipBytes());
        // README-END one-shot-handles
        assertThat(pruned.report().sparsity()).isCloseTo(0.9, within(1e-3));
        assertThat(metrics.accuracy()).isGreaterThan(0.9);
        assertThat(model.masks()).isEmpty();
        ReadmeSnippets.assertInReadme(ReadmeLibraryExamplesTest.class, "one-shot-handles");
      }
    }
  }

  @Test
  void structuredRemovalShrinksTheNetwork() {
    Dataset test = TinyNetworks.blobs(3, 200, 20, 4);
    try (NetworkModel trained = TinyNetworks.mlp(5, 20, 64, 32, 4)) {
      // README-BEGIN structured
      // remove the half of the neurons of layers 0 and 1 with the smallest L2 norm: both layers
      // and the next layers' inputs really shrink, so inference gets faster
      StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(
          0, UnitBudget.ofFraction(0.5), 1, UnitBudget.ofFraction(0.5)));
      try (StructuredPruningResult smaller = StructuredPruner.prune(trained, plan)) {
        System.out.println(smaller.parametersBefore() + " → " + smaller.parametersAfter() + " parameters");
        double accuracy = Evaluator.evaluate(smaller.model(), test).accuracy();
        // README-END structured
        assertThat(smaller.parametersAfter()).isEqualTo(20 * 32 + 32 + 32 * 16 + 16 + 16 * 4 + 4);
        assertThat(smaller.layers()).extracting(layer -> layer.unitsAfter()).containsExactly(32, 16);
        assertThat(accuracy).isBetween(0.0, 1.0);
        assertThat(List.of(smaller.model().network().getLayer(2).getParam("W").shape()[0])).containsExactly(16L);
        ReadmeSnippets.assertInReadme(ReadmeLibraryExamplesTest.class, "structured");
      }
    }
  }
}
