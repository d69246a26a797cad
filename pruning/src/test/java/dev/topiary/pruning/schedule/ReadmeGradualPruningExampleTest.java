package dev.topiary.pruning.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.examples.ReadmeSnippets;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The library example the README quotes, between the README-BEGIN and README-END markers. */
class ReadmeGradualPruningExampleTest {

  @Test
  void pruneWhileTrainingStripSaveAndReload(@TempDir Path dir) throws Exception {
    // 256 examples of 6 features in 3 classes, minibatches of 32: 8 updates per epoch
    DataSetIterator trainData = TinyNetworks.blobs(5, 256, 6, 3).iterator(32, true, 42);
    File file = dir.resolve("pruned.zip").toFile();

    // README-BEGIN gradual
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(42).updater(new Adam(1e-2)).list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(32).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    // sparsity 0 → 80 % over updates 0..60 (Zhu & Gupta's cubic schedule), pruning every 10 updates,
    // all layers ranked together; the listener borrows `network` and owns only the masks
    try (GradualPruningListener pruning = new GradualPruningListener(network,
        PolynomialDecaySchedule.builder().finalSparsity(0.8).endStep(60).frequency(10).build())) {
      network.setListeners(pruning);
      network.fit(trainData, 10);                           // your own loop: 10 epochs × 8 updates
      pruning.strip();                                      // the zeros stay, the masks go
      ModelSerializer.writeModel(network, file, false);
    }
    MultiLayerNetwork reloaded = ModelSerializer.restoreMultiLayerNetwork(file);
    // README-END gradual

    try {
      // the weights of both layers together reached 80 %: round(0.8 · 288) = 230 zero weights
      assertThat(NetworkModel.countNonZero(reloaded.getParam("0_W"))
          + NetworkModel.countNonZero(reloaded.getParam("1_W"))).isEqualTo(288 - 230);
      // the caller's network is still usable
      assertThat(network.output(Nd4j.zeros(DataType.FLOAT, 1, 6)).shape()).containsExactly(1, 3);
      ReadmeSnippets.assertInReadme(ReadmeGradualPruningExampleTest.class, "gradual");
      trainData.reset();
      assertThat(reloaded.evaluate(trainData).accuracy()).isGreaterThan(0.9);
    } finally {
      reloaded.close();
    }
  }
}
