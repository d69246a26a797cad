package example;

import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.io.File;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The README's library example, as a new user writes it: DL4J types in, DL4J types out. */
public final class PruneMyNetwork {

  public static void main(String[] args) throws Exception {
    // the user's own data and trained network
    Random random = new Random(1);
    float[][] x = new float[512][10];
    float[][] y = new float[512][2];
    for (int i = 0; i < x.length; i++) {
      int label = i % 2;
      for (int f = 0; f < 10; f++) {
        x[i][f] = (float) (random.nextGaussian() + (label == 0 ? -1 : 1));
      }
      y[i][label] = 1;
    }
    DataSetIterator trainIterator = new ListDataSetIterator<>(
        new DataSet(Nd4j.create(x), Nd4j.create(y)).asList(), 32);
    MultiLayerNetwork trained = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(5).updater(new Adam(1e-2)).list()
        .layer(new DenseLayer.Builder().nIn(10).nOut(64).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    trained.init();
    trained.fit(trainIterator, 3);
    File file = new File(args.length > 0 ? args[0] : "pruned.zip");

    PruningPlan plan = PruningPlan.builder().sparsity(0.9).scope(Scope.GLOBAL).build();
    try (PruningResult pruned = Pruner.prune(trained, plan, new MagnitudeCriterion())) {  // `trained` stays as it was
      MultiLayerNetwork network = pruned.network();          // the pruned copy, with its masks
      network.addListeners(pruned.maskHoldingListener());    // pruned weights stay zero in any fit loop
      network.fit(trainIterator, 2);                         // your own loop
      pruned.strip();                                        // the zeros stay, the masks go
      ModelSerializer.writeModel(network, file, false);
    }

    MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(file);
    long weights = saved.getParam("0_W").length() + saved.getParam("1_W").length();
    long zeros = saved.getParam("0_W").eq(0).castTo(DataType.INT).sumNumber().longValue()
        + saved.getParam("1_W").eq(0).castTo(DataType.INT).sumNumber().longValue();
    double accuracy = saved.evaluate(trainIterator).accuracy();
    double trainedStill = trained.evaluate(trainIterator).accuracy();   // the user's network still works
    System.out.printf("sparsity %.3f, accuracy %.3f, original network accuracy %.3f%n",
        (double) zeros / weights, accuracy, trainedStill);
    if (Math.abs((double) zeros / weights - 0.9) > 1e-3 || accuracy < 0.9 || trainedStill < 0.9) {
      throw new IllegalStateException("the example did not give what the README promises");
    }
  }
}
