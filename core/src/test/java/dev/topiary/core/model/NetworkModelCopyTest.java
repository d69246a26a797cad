package dev.topiary.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class NetworkModelCopyTest {

  @Test
  void copyHasItsOwnLearningRateAndKeepsTheUpdaterState() {
    Dataset data = TinyNetworks.blobs(1, 60, 4, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 4, 5, 3)) {
      NetworkTrainer.fit(model, data, new TrainingOptions(1, 20, 3, null), ProgressReporter.NONE);
      INDArray state = model.network().getUpdater().getStateViewArray().dup();
      try (NetworkModel copy = model.copy()) {
        assertThat(copy.network().getUpdater().getStateViewArray()).isEqualTo(state);
        copy.network().setLearningRate(0.5);
        assertThat(copy.network().getLearningRate(0)).isEqualTo(0.5);
        assertThat(model.network().getLearningRate(0)).isEqualTo(0.01);
        // training the copy changes neither the original's parameters nor its updater state
        INDArray params = model.network().params().dup();
        NetworkTrainer.fit(copy, data, new TrainingOptions(1, 20, 3, null), ProgressReporter.NONE);
        assertThat(model.network().params()).isEqualTo(params);
        assertThat(model.network().getUpdater().getStateViewArray()).isEqualTo(state);
      }
    }
  }
}
