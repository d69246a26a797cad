package dev.topiary.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkModelTest {

  @Test
  void masksHoldThroughAdamTrainingAndMomentsStayZero() {
    Dataset data = TinyNetworks.blobs(1, 200, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      // train a little first so that Adam has non-zero moments for every weight
      NetworkTrainer.fit(model, data, new TrainingOptions(1, 20, 3, null), ProgressReporter.NONE);
      INDArray mask = Nd4j.ones(6, 8);
      mask.putScalar(0, 0, 0);
      mask.putScalar(5, 7, 0);
      model.setMask("0_W", mask);
      assertThat(model.parameter("0_W").getDouble(0, 0)).isZero();
      NetworkTrainer.fit(model, data, new TrainingOptions(3, 20, 4, null), ProgressReporter.NONE);
      INDArray w = model.parameter("0_W");
      assertThat(w.getDouble(0, 0)).isZero();
      assertThat(w.getDouble(5, 7)).isZero();
      assertThat(w.getDouble(1, 1)).isNotZero();
      // Adam's moment estimates (m and v) of the masked weights are exactly zero, the others not
      INDArray state = model.network().getUpdater().getStateViewArray();
      long zeros = state.length() - NetworkModel.countNonZero(state);
      assertThat(zeros).isEqualTo(4);
    }
  }

  @Test
  void maskSetDuringTrainingByAListenerHoldsFromThenOn() {
    Dataset data = TinyNetworks.blobs(1, 200, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      INDArray mask = Nd4j.ones(6, 8);
      mask.putScalar(2, 3, 0);
      org.deeplearning4j.optimize.api.TrainingListener pruneAtStep5 =
          new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model m, int iteration, int epoch) {
              if (iteration == 5) {
                model.setMask("0_W", mask);
              }
            }
          };
      NetworkTrainer.fit(model, data, new TrainingOptions(2, 20, 4, null), ProgressReporter.NONE,
          java.util.List.of(pruneAtStep5));
      assertThat(model.parameter("0_W").getDouble(2, 3)).isZero();
    }
  }

  @Test
  void copyIsIndependentAndKeepsMasks() {
    try (NetworkModel model = TinyNetworks.mlp(7, 4, 5, 2)) {
      model.setMask("0_W", Nd4j.zeros(4, 5));
      try (NetworkModel copy = model.copy()) {
        assertThat(copy.masks()).containsOnlyKeys("0_W");
        copy.parameter("1_W").assign(3.0);
        assertThat(model.parameter("1_W").getDouble(0, 0)).isNotEqualTo(3.0);
        // 20 masked weights and 7 biases (initialised to zero)
        assertThat(copy.nonZeroParameterCount()).isEqualTo(copy.parameterCount() - 20 - 7);
      }
    }
  }

  @Test
  void maskOfWrongShapeNamesParameterAndShapes() {
    try (NetworkModel model = TinyNetworks.mlp(7, 4, 5, 2)) {
      assertThatThrownBy(() -> model.setMask("0_W", Nd4j.ones(5, 4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("mask for parameter '0_W' must have shape [4, 5], got [5, 4]");
      assertThatThrownBy(() -> model.setMask("7_W", Nd4j.ones(5, 4)))
          .hasMessage("unknown parameter '7_W'; known: [0_W, 0_b, 1_W, 1_b]");
    }
  }

  @Test
  void inferenceMatchesNetworkOutputAndEvaluatorCountsCorrectly() {
    Dataset data = TinyNetworks.blobs(2, 100, 6, 3);
    try (NetworkModel model = TinyNetworks.mlp(7, 6, 8, 3)) {
      NetworkTrainer.fit(model, data, new TrainingOptions(5, 10, 3, null), ProgressReporter.NONE);
      Inference inference = model.inference();
      assertThat(inference.inputSize()).isEqualTo(6);
      assertThat(inference.classCount()).isEqualTo(3);
      float[] probabilities;
      try (Inference.Batch batch = inference.prepare(data.featureRows(0, 4), 4)) {
        probabilities = inference.probabilities(batch);
      }
      INDArray expected = model.network().output(data.featureMatrix(0, 4));
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 3; c++) {
          assertThat((double) probabilities[r * 3 + c]).isCloseTo(expected.getDouble(r, c), within(1e-6));
        }
      }
      assertThat(Evaluator.evaluate(model, data).accuracy()).isGreaterThan(0.9);
    }
  }

  @Test
  void describesLayersAndInputOfConvNetwork() {
    try (NetworkModel model = TinyNetworks.cnn(3, 8, 4, 3)) {
      assertThat(model.describe()).isEqualTo("in 64 → convolution 4@3x3 → maxpool 2x2 → dense 16 → output 3");
      assertThat(model.inference().inputSize()).isEqualTo(64);
      assertThat(Map.of("k", model.kind())).containsValue(ModelKind.DL4J_NETWORK);
    }
  }
}
