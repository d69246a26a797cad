package dev.topiary.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MeterTest {

  private static final MeterSettings QUICK = new MeterSettings(List.of(1, 64), 2, 0, 25, 1);

  @Test
  void measuresSizeAccuracyAndLatencyOfATinyNetwork() {
    Dataset data = TinyNetworks.blobs(2, 40, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      NetworkTrainer.fit(model, data, new TrainingOptions(3, 10, 1, null), ProgressReporter.NONE);
      model.setMask("0_W", Nd4j.zeros(6, 8));
      Metrics metrics = Meter.measure(model, data, QUICK);
      // 6*8+8 + 8*3+3 parameters; the 48 weights of layer 0 are masked to zero
      assertThat(metrics.parameters()).isEqualTo(83);
      assertThat(metrics.nonZeroParameters()).isEqualTo(83 - 48);
      Evaluation evaluation = Evaluator.evaluate(model, data);
      assertThat(metrics.accuracy()).isEqualTo(evaluation.accuracy());
      assertThat(metrics.loss()).isEqualTo(evaluation.loss());
      assertThat(metrics.fileBytes()).isPositive();
      assertThat(metrics.gzipBytes()).isPositive();
      assertThat(metrics.latency()).containsOnlyKeys("batch1", "batch64");
      metrics.latency().forEach((key, stats) -> {
        assertThat(stats.p50Micros()).isPositive().isLessThanOrEqualTo(stats.p95Micros());
        assertThat(stats.calls()).isEqualTo(25);
      });
      assertThat(metrics.latency().get("batch64").batchSize()).isEqualTo(64);
    }
  }

  @Test
  void untrainedTinyNetworkHasExactCounts() {
    Dataset data = TinyNetworks.blobs(2, 10, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      Metrics metrics = Meter.measure(model, data, new MeterSettings(List.of(3), 0, 0, 1, 1));
      // biases start at zero: 6*8 + 8*3 non-zero weights
      assertThat(metrics.parameters()).isEqualTo(83);
      assertThat(metrics.nonZeroParameters()).isEqualTo(72);
      assertThat(metrics.sparsity()).isCloseTo(11.0 / 83, within(1e-12));
      assertThat(metrics.latency()).containsOnlyKeys("batch3");
    }
  }

  @Test
  void gzipShrinksWhenMostWeightsAreZero() {
    Dataset data = TinyNetworks.blobs(2, 10, 64, 10);
    MeterSettings settings = new MeterSettings(List.of(1), 0, 0, 1, 1);
    try (NetworkModel dense = TinyNetworks.mlp(7, 64, 128, 10); NetworkModel sparse = dense.copy()) {
      sparse.setMask("0_W", randomMask(5, 64, 128, 0.1));
      Metrics before = Meter.measure(dense, data, settings);
      Metrics after = Meter.measure(sparse, data, settings);
      assertThat(after.parameters()).isEqualTo(before.parameters());
      assertThat(after.sparsity()).isGreaterThan(0.75);
      assertThat(after.gzipBytes()).isLessThan(before.gzipBytes() / 2);
    }
  }

  @Test
  void emptyTestDataIsRejected() {
    Dataset data = TinyNetworks.blobs(2, 10, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      assertThatThrownBy(() -> Meter.measure(model, Dataset.emptyLike(data), QUICK))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot measure on empty test data");
    }
  }

  /** A 0/1 mask keeping about {@code keep} of the entries, drawn with {@code seed}. */
  private static INDArray randomMask(long seed, int rows, int columns, double keep) {
    java.util.Random random = new java.util.Random(seed);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() < keep ? 1f : 0f;
    }
    return Nd4j.create(values, new long[] {rows, columns}, 'c');
  }
}
