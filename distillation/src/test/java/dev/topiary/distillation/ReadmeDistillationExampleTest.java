package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.testing.TinyNetworks;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The README's distillation example, compiled and run (the README copies the marked part). */
class ReadmeDistillationExampleTest {

  private static MultiLayerNetwork mlp(long seed, int hidden) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed).updater(new Adam(1e-2)).list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(hidden).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  @Test
  void distilsABigNetworkIntoASmallOneInTheUsersOwnCode() {
    Dataset data = TinyNetworks.blobs(3, 120, 6, 3);
    DataSetIterator trainData = data.iterator(32, true, 1);
    MultiLayerNetwork big = mlp(1, 64);
    big.fit(trainData, 5);
    MultiLayerNetwork small = mlp(2, 8);

    // README begins
    DistillationTrainer trainer = DistillationTrainer.builder()
        .teacher(big)                      // a MultiLayerNetwork, a ModelHandle or any Inference; borrowed
        .temperature(4).alpha(0.9)         // loss: alpha·T²·KL(teacher_T ‖ student_T) + (1 − alpha)·CE
        .epochs(5).batchSize(32).learningRate(1e-3).seed(7)
        .build();
    DistillationHistory history = trainer.fit(small, trainData);   // trains `small` in place
    System.out.println("soft " + history.softLoss() + ", hard " + history.hardLoss());
    // README ends

    assertThat(history.softLoss()).hasSize(5);
    assertThat(history.iterations()).isEqualTo(20);
    big.close();
    small.close();
  }
}
