package dev.topiary.pruning.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The README's first library example: a user's own trained DL4J network and iterator, pruned
 * globally to 90 %, fine-tuned in the user's own {@code fit} loop with the masks held, stripped and
 * saved, with no Topiary data or handle type in sight.
 */
class ReadmeDl4jExampleTest {

  @Test
  void pruneFineTuneInYourOwnLoopStripSave(@TempDir Path dir) throws Exception {
    Dataset blobs = TinyNetworks.blobs(3, 400, 20, 4);
    DataSetIterator trainIterator = blobs.iterator(32, true, 1);  // stands for any DL4J iterator
    MultiLayerNetwork trained = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(5).updater(new Adam(1e-2)).list()
        .layer(new DenseLayer.Builder().nIn(20).nOut(64).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(4)
            .activation(Activation.SOFTMAX).build())
        .build());
    trained.init();
    trained.fit(trainIterator, 5);
    INDArray before = trained.params().dup();
    File file = dir.resolve("pruned.zip").toFile();

    // README-BEGIN dl4j
    PruningPlan plan = PruningPlan.builder().sparsity(0.9).scope(Scope.GLOBAL).build();
    try (PruningResult pruned = Pruner.prune(trained, plan, new MagnitudeCriterion())) {  // `trained` stays as it was
      MultiLayerNetwork network = pruned.network();          // the pruned copy, with its masks
      network.addListeners(pruned.maskHoldingListener());    // pruned weights stay zero in any fit loop
      network.fit(trainIterator, 2);                         // your own loop
      pruned.strip();                                        // the zeros stay, the masks go
      ModelSerializer.writeModel(network, file, false);
    }
    // README-END dl4j

    assertThat(trained.params()).isEqualTo(before);
    MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(file);
    long weights = saved.getParam("0_W").length() + saved.getParam("1_W").length();
    long zeros = weights - nonZero(saved.getParam("0_W")) - nonZero(saved.getParam("1_W"));
    assertThat((double) zeros / weights).isCloseTo(0.9, within(1e-3));
    Evaluation evaluation = saved.evaluate(blobs.iterator(100, false, 0));
    assertThat(evaluation.accuracy()).isGreaterThan(0.9);
    assertThat(trained.evaluate(blobs.iterator(100, false, 0)).accuracy()).isGreaterThan(0.9);
    ReadmeSnippets.assertInReadme(ReadmeDl4jExampleTest.class, "dl4j");
  }

  private static long nonZero(INDArray array) {
    return array.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
  }
}
