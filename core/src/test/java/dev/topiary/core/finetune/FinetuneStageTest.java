package dev.topiary.core.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FinetuneStageTest {

  private static StageContext context(Dataset train, long seed) {
    DataSplits splits = new DataSplits(train, Dataset.emptyLike(train), train);
    return new StageContext() {
      @Override
      public String stageName() {
        return "tune";
      }

      @Override
      public long seed() {
        return seed;
      }

      @Override
      public DataSplits data() {
        return splits;
      }

      @Override
      public Path workDirectory() {
        return Path.of("unused");
      }

      @Override
      public ProgressReporter progress() {
        return ProgressReporter.NONE;
      }
    };
  }

  @Test
  void trainsACopyKeepsMasksAndLeavesTheInputAlone() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 120, 6, 3);
    try (NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      INDArray mask = Nd4j.ones(6, 8);
      for (int column = 0; column < 8; column += 2) {
        mask.putScalar(0, column, 0);
        mask.putScalar(3, column, 0);
      }
      input.setMask("0_W", mask);
      INDArray before = input.network().params().dup();
      double learningRate = input.network().getLearningRate(0);
      FinetuneSpec spec = new FinetuneSpec(2, 0.05, 16);
      StageResult result = new FinetuneStage(spec).apply(input, context(data, 3));
      try (NetworkModel tuned = (NetworkModel) result.model()) {
        assertThat(tuned).isNotSameAs(input);
        assertThat(input.network().params()).isEqualTo(before);
        assertThat(input.network().getLearningRate(0)).isEqualTo(learningRate);
        assertThat(tuned.network().getLearningRate(0)).isEqualTo(0.05);
        assertThat(tuned.network().params()).isNotEqualTo(before);
        assertThat(tuned.masks()).containsOnlyKeys("0_W");
        INDArray w = tuned.parameter("0_W");
        for (int column = 0; column < 8; column += 2) {
          assertThat(w.getDouble(0, column)).isZero();
          assertThat(w.getDouble(3, column)).isZero();
        }
        assertThat(NetworkModel.countNonZero(w)).isEqualTo(48 - 8);
        // 120 rows in minibatches of 16: 8 per epoch
        assertThat(result.diagnostics()).containsOnlyKeys("epochLoss", "iterations");
        assertThat(result.diagnostics().get("iterations")).isEqualTo(16L);
        assertThat((List<?>) result.diagnostics().get("epochLoss")).hasSize(2);
      }
    }
  }

  @Test
  void isSeededByTheContext() throws Exception {
    Dataset data = TinyNetworks.blobs(4, 60, 6, 3);
    FinetuneSpec spec = new FinetuneSpec(1, null, 8);
    try (NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3);
        NetworkModel a = (NetworkModel) new FinetuneStage(spec).apply(input, context(data, 5)).model();
        NetworkModel b = (NetworkModel) new FinetuneStage(spec).apply(input, context(data, 5)).model();
        NetworkModel c = (NetworkModel) new FinetuneStage(spec).apply(input, context(data, 6)).model()) {
      assertThat(a.network().params()).isEqualTo(b.network().params());
      assertThat(a.network().params()).isNotEqualTo(c.network().params());
    }
  }

  @Test
  void dataThatDoesNotFitIsAStageError() {
    Dataset data = TinyNetworks.blobs(4, 30, 5, 3);
    try (NetworkModel input = TinyNetworks.mlp(7, 6, 8, 3)) {
      assertThatThrownBy(() -> new FinetuneStage(new FinetuneSpec(1, null, null)).apply(input, context(data, 1)))
          .isInstanceOf(StageException.class)
          .hasMessage("stage 'tune': the network takes 6 features per example, the training data has 5");
    }
  }

  @Test
  void specValidationNamesTheFieldAndValue() {
    assertThat(new FinetuneSpec(1, null, null)).isEqualTo(new FinetuneSpec(1, null, 64));
    assertThatThrownBy(() -> new FinetuneSpec(0, null, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs must be at least 1, got 0");
    assertThatThrownBy(() -> new FinetuneSpec(1, 0.0, null)).hasMessage("learningRate must be positive, got 0.0");
    assertThatThrownBy(() -> new FinetuneSpec(1, null, 0)).hasMessage("batchSize must be at least 1, got 0");
  }
}
