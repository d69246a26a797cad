package dev.topiary.pruning.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PrunableParameter;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.Curvature;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.criteria.OptimalBrainDamageCriterion;
import dev.topiary.pruning.criteria.SnipCriterion;
import dev.topiary.pruning.criteria.TaylorCriterion;
import dev.topiary.pruning.lottery.LotteryTicket;
import dev.topiary.pruning.lottery.LotteryTicketOptions;
import dev.topiary.pruning.lottery.LotteryTicketSearch;
import dev.topiary.pruning.schedule.GradualPruningListener;
import dev.topiary.pruning.schedule.PolynomialDecaySchedule;
import dev.topiary.pruning.sensitivity.SensitivityAnalysis;
import dev.topiary.pruning.sensitivity.SensitivityTable;
import dev.topiary.pruning.structured.StructuredPruner;
import dev.topiary.pruning.structured.StructuredPruningPlan;
import dev.topiary.pruning.structured.StructuredPruningResult;
import dev.topiary.pruning.structured.UnitBudget;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every pruning entry point takes a plain {@link MultiLayerNetwork} and DL4J iterators, leaves the
 * caller's network unchanged and usable, and gives what the Topiary-typed call gives.
 */
class Dl4jEntryPointsTest {

  private NetworkModel owner;
  private MultiLayerNetwork network;
  private INDArray before;
  private final Dataset blobs = TinyNetworks.blobs(4, 120, 6, 3);

  @BeforeEach
  void network() {
    owner = TinyNetworks.mlp(9, 6, 12, 8, 3);
    network = owner.network();
    before = network.params().dup();
  }

  @AfterEach
  void callersNetworkIsUnchangedAndUsable() {
    assertThat(network.params()).isEqualTo(before);
    assertThat(network.output(Nd4j.zeros(DataType.FLOAT, 2, 6)).shape()).containsExactly(2, 3);
    owner.close();
  }

  private DataSetIterator iterator() {
    return blobs.iterator(25, false, 0);
  }

  @Test
  void prunerPrunesACopy() {
    PruningPlan plan = PruningPlan.builder().sparsity(0.5).scope(Scope.GLOBAL).build();
    try (PruningResult pruned = Pruner.prune(network, plan, new MagnitudeCriterion());
        PruningResult expected = Pruner.prune(owner, plan, new MagnitudeCriterion())) {
      assertThat(pruned.network()).isNotSameAs(network);
      assertThat(pruned.network().params()).isEqualTo(expected.network().params());
      assertThat(pruned.report().sparsity()).isCloseTo(0.5, within(1e-3));
    }
  }

  @Test
  void dataCriteriaTakeIterators() {
    List<PrunableParameter> params = LayerSelection.ALL_WEIGHTS.resolve(network);
    List<ImportanceCriterion[]> pairs = List.of(
        new ImportanceCriterion[] {new OptimalBrainDamageCriterion(iterator()), new OptimalBrainDamageCriterion(blobs)},
        new ImportanceCriterion[] {new OptimalBrainDamageCriterion(iterator(), Curvature.EMPIRICAL_FISHER),
            new OptimalBrainDamageCriterion(blobs, Curvature.EMPIRICAL_FISHER)},
        new ImportanceCriterion[] {new TaylorCriterion(iterator(), 16), new TaylorCriterion(blobs, 16)},
        new ImportanceCriterion[] {new SnipCriterion(iterator(), 16), new SnipCriterion(blobs, 16)});
    for (ImportanceCriterion[] pair : pairs) {
      Map<String, double[]> fromIterator = pair[0].scores(owner, params);
      Map<String, double[]> fromDataset = pair[1].scores(owner, params);
      assertThat(fromIterator.keySet()).isEqualTo(fromDataset.keySet());
      fromIterator.forEach((key, scores) -> assertThat(scores).containsExactly(fromDataset.get(key)));
    }
  }

  @Test
  void gradualPruningListenerBorrowsAndStrips() {
    MultiLayerNetwork own = TinyNetworks.mlp(9, 6, 12, 8, 3).network();   // a network this test trains
    try (GradualPruningListener pruning = new GradualPruningListener(own,
        PolynomialDecaySchedule.builder().finalSparsity(0.6).endStep(10).frequency(2).build())) {
      own.setListeners(pruning);
      own.fit(iterator(), 3);   // 5 batches × 3 epochs = 15 updates
      assertThat(pruning.latestReport().orElseThrow().sparsity()).isCloseTo(0.6, within(0.01));
      pruning.strip();
    }
    long weights = own.getParam("0_W").length() + own.getParam("1_W").length() + own.getParam("2_W").length();
    long zeros = weights - NetworkModel.countNonZero(own.getParam("0_W")) - NetworkModel.countNonZero(own.getParam("1_W"))
        - NetworkModel.countNonZero(own.getParam("2_W"));
    assertThat((double) zeros / weights).isCloseTo(0.6, within(0.01));
    assertThat(own.output(Nd4j.zeros(DataType.FLOAT, 1, 6)).shape()).containsExactly(1, 3);  // still usable
    own.close();
  }

  @Test
  void structuredPrunerBuildsANewNetwork() {
    StructuredPruningPlan plan = StructuredPruningPlan.of(Map.of(0, UnitBudget.ofFraction(0.5)));
    try (StructuredPruningResult smaller = StructuredPruner.prune(network, plan)) {
      assertThat(smaller.model().network().getLayer(0).getParam("W").shape()).containsExactly(6, 6);
    }
  }

  @Test
  void lotteryTicketSearchTakesIterators() {
    LotteryTicketOptions options = LotteryTicketOptions.builder(2, 1).pruneFraction(0.3).batchSize(16).seed(3).build();
    try (LotteryTicket ticket = LotteryTicketSearch.search(network, iterator(), iterator(), options)) {
      assertThat(ticket.rounds()).hasSize(3);   // two pruning rounds and the final training
      assertThat(ticket.rounds().get(1).validationAccuracy()).isNotNull();
    }
    try (LotteryTicket ticket = LotteryTicketSearch.search(network, iterator(), null, options)) {
      assertThat(ticket.rounds().get(0).validationAccuracy()).isNull();
    }
  }

  @Test
  void sensitivityAnalysisTakesAnIterator() {
    SensitivityTable table = SensitivityAnalysis.analyze(network, iterator(), LayerSelection.ALL_WEIGHTS,
        List.of(0.5, 0.9));
    assertThat(table.examples()).isEqualTo(120);
    assertThat(table.pointsOf(0)).hasSize(2);
  }
}
