package dev.topiary.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.pipeline.run.ModelMeasurer;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class RegressionTest {

  @Test
  void perClassAccuracyAgreementAndFlipsOfKnownPredictions() {
    int[] labels = {0, 0, 0, 1, 1, 2, 2, 2};
    int[] baseline = {0, 0, 1, 1, 0, 2, 2, 1};   // right: 0,1,3,5,6 → class 0: 2/3, class 1: 1/2, class 2: 2/3
    int[] model = {0, 1, 0, 1, 1, 2, 0, 1};      // right: 0,2,3,4,5 → class 0: 2/3, class 1: 2/2, class 2: 1/3

    Regression r = Regression.of(labels, baseline, model, 4);

    assertThat(r.classAccuracy().subList(0, 3)).containsExactly(2 / 3.0, 1.0, 1 / 3.0);
    assertThat(r.classAccuracy().get(3)).isNaN();
    assertThat(r.classAccuracyChangePoints().get(0)).isCloseTo(0.0, within(1e-9));
    assertThat(r.classAccuracyChangePoints().get(1)).isCloseTo(50.0, within(1e-9));
    assertThat(r.classAccuracyChangePoints().get(2)).isCloseTo(-100 / 3.0, within(1e-9));
    assertThat(r.agreement()).isEqualTo(4 / 8.0); // examples 0, 3, 5, 7
    assertThat(r.rightToWrong()).isEqualTo(2);   // examples 1 and 6
    assertThat(r.wrongToRight()).isEqualTo(2);   // examples 2 and 4
  }

  @Test
  void badInputIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Regression.of(new int[2], new int[2], new int[3], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels and both predictions must have one entry per example, got 2, 2 and 3");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Regression.of(new int[] {5}, new int[1], new int[1], 2))
        .hasMessage("example 0: a class is outside [0, 2)");
  }

  @Test
  void theMetersPredictionsAreTheArgMaxOfATinyConstructedNetwork() {
    // softmax(identity · x): the predicted class is the index of the largest feature
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(3)
            .activation(Activation.SOFTMAX).build()).build());
    network.init();
    network.setParams(Nd4j.concat(1, Nd4j.eye(3).reshape(1, 9), Nd4j.zeros(1, 3)));
    Dataset test = new Dataset(new float[] {1, 0, 0, 0, 5, 1, 0, 1, 9, 2, 1, 0}, new int[] {0, 1, 1, 0}, 3, 3, null,
        List.of());
    try (NetworkModel model = NetworkModel.of(network)) {
      int[] predictions = ModelMeasurer.METER.predictions(model, test);

      assertThat(predictions).containsExactly(0, 1, 2, 0);
      Regression r = Regression.of(test.labels(), new int[] {0, 1, 1, 0}, predictions, 3);
      assertThat(r.agreement()).isEqualTo(0.75);
      assertThat(r.rightToWrong()).isEqualTo(1);
      assertThat(r.classAccuracyChangePoints().get(1)).isCloseTo(-50.0, within(1e-9));
    }
  }
}
