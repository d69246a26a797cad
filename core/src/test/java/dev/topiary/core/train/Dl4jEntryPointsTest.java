package dev.topiary.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluation;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.measure.Meter;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** The core entry points take DL4J's own network and data, and leave the network usable. */
class Dl4jEntryPointsTest {

  @Test
  void trainEvaluateAndMeasureAPlainNetworkWithPlainIterators() {
    Dataset blobs = TinyNetworks.blobs(1, 240, 6, 3);
    DataSetIterator train = blobs.iterator(40, false, 0);   // any DL4J iterator
    MultiLayerNetwork network = TinyNetworks.mlp(7, 6, 8, 3).network();
    double before = Evaluator.evaluate(network, train).accuracy();
    TrainingHistory history = NetworkTrainer.fit(network, train,
        TrainingOptions.builder().epochs(5).batchSize(20).seed(3).build());
    assertThat(history.epochLoss()).hasSize(5);
    Evaluation after = Evaluator.evaluate(network, train);
    assertThat(after.accuracy()).isGreaterThan(before).isGreaterThan(0.9);
    assertThat(after.examples()).isEqualTo(240);
    DataSet all = train.next(240);
    assertThat(Evaluator.evaluate(network, all).accuracy()).isCloseTo(after.accuracy(), within(1e-12));
    Metrics metrics = Meter.measure(network, blobs.iterator(60, false, 0),
        MeterSettings.builder().batchSizes(1).warmup(1).warmupMillis(0).iterations(3).build());
    assertThat(metrics.accuracy()).isCloseTo(after.accuracy(), within(1e-12));
    assertThat(metrics.parameters()).isEqualTo(network.numParams());
    // the caller's network is still theirs and still works
    assertThat(network.output(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 6)).shape())
        .containsExactly(2, 3);
  }

  @Test
  void masksHoldInTheCallersOwnFitLoopThroughTheListener() {
    Dataset blobs = TinyNetworks.blobs(2, 120, 6, 3);
    MultiLayerNetwork network = TinyNetworks.mlp(7, 6, 8, 3).network();
    try (NetworkModel model = NetworkModel.borrow(network)) {
      org.nd4j.linalg.api.ndarray.INDArray mask = Nd4j.ones(6, 8);
      for (int column = 0; column < 8; column++) {
        mask.putScalar(0, column, 0);   // every weight of input feature 0
      }
      model.setMask("0_W", mask);
      network.addListeners(model.maskHoldingListener());
      network.fit(blobs.iterator(20, true, 1), 3);
      assertThat(NetworkModel.countNonZero(network.getParam("0_W").getRow(0))).isZero();
      model.clearMasks();
    }
    network.setListeners();
    network.fit(blobs.iterator(20, true, 1), 1);
    assertThat(NetworkModel.countNonZero(network.getParam("0_W").getRow(0))).isPositive();
  }

  @Test
  void meterSettingsBuilderNamesAndValidates() {
    assertThat(MeterSettings.builder().build()).isEqualTo(MeterSettings.defaults());
    assertThat(MeterSettings.builder().batchSizes(1, 8).warmup(2).warmupMillis(3).iterations(4).threads(2).build())
        .isEqualTo(new MeterSettings(java.util.List.of(1, 8), 2, 3, 4, 2));
    assertThatThrownBy(() -> MeterSettings.builder().iterations(0).build())
        .hasMessage("measure.iterations: must be at least 1, got 0");
  }

  @Test
  void trainingOptionsBuilderNamesAndValidates() {
    TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(32).seed(7).learningRate(1e-3).build();
    assertThat(options).isEqualTo(new TrainingOptions(2, 32, 7, 1e-3));
    assertThat(TrainingOptions.builder().build()).isEqualTo(new TrainingOptions(1, 32, 42, null));
    assertThatThrownBy(() -> TrainingOptions.builder().epochs(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be at least 1, got 0");
    assertThatThrownBy(() -> TrainingOptions.builder().batchSize(-1).build())
        .hasMessage("batchSize must be at least 1, got -1");
    assertThatThrownBy(() -> TrainingOptions.builder().learningRate(0.0).build())
        .hasMessage("learningRate must be positive, got 0.0");
  }
}
