package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class DistillationTrainerTest {

  private static MultiLayerNetwork doubleNetwork(long seed) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed).dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
        .list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder().lossFunction(new SoftTargetLoss(3, 0.6)).nIn(4).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  @Test
  void networkGradientWithTheLossMatchesFiniteDifferences() {
    MultiLayerNetwork network = doubleNetwork(3);
    INDArray features = Nd4j.create(new double[][] {{0.5, -1, 2}, {1, 0.2, -0.7}, {-0.4, 0.9, 0.1}});
    INDArray labels = Nd4j.create(new double[][] {
        {0.6, 0.3, 0.1, 0, 1, 0}, {0.1, 0.1, 0.8, 0, 0, 1}, {0.3, 0.4, 0.3, 1, 0, 0}});
    network.setInput(features);
    network.setLabels(labels);
    network.computeGradientAndScore();
    double[] analytic = network.gradient().gradient().dup().data().asDouble();
    INDArray params = network.params();
    double h = 1e-6;
    for (int i = 0; i < params.length(); i++) {
      double original = params.getDouble(i);
      params.putScalar(i, original + h);
      double plus = scoreSum(network, features, labels);
      params.putScalar(i, original - h);
      double minus = scoreSum(network, features, labels);
      params.putScalar(i, original);
      assertThat(analytic[i]).as("parameter %d", i).isCloseTo((plus - minus) / (2 * h), within(1e-6));
    }
  }

  /** The batch's summed loss (DL4J's gradient is of the sum; its score is the mean). */
  private static double scoreSum(MultiLayerNetwork network, INDArray features, INDArray labels) {
    network.setInput(features);
    network.setLabels(labels);
    network.computeGradientAndScore();
    return network.score() * features.size(0);
  }

  @Test
  void alphaZeroAtTemperatureOneIsOrdinaryCrossEntropyTraining() {
    Dataset data = TinyNetworks.blobs(5, 40, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel distilled = TinyNetworks.mlp(2, 4, 6, 3);
        NetworkModel plain = distilled.copy()) {
      DistillationTrainer.builder().teacher(teacher).temperature(1).alpha(0).epochs(1).batchSize(40).build()
          .fit(distilled, data);
      plain.network().fit(new org.nd4j.linalg.dataset.DataSet(data.featureMatrix(0, 40), data.oneHotLabels(0, 40)));

      double[] a = distilled.network().params().data().asDouble();
      double[] b = plain.network().params().data().asDouble();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("parameter %d", i).isCloseTo(b[i], within(1e-6));
      }
    }
  }

  @Test
  void alphaZeroOverSeveralBatchesAndEpochsMatchesCrossEntropyTrainingIncludingAdamState() {
    // the same minibatches in the same order: Adam's moments must carry over from batch to batch
    Dataset data = TinyNetworks.blobs(5, 40, 4, 3);
    long seed = 13;
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel distilled = TinyNetworks.mlp(2, 4, 6, 3);
        NetworkModel plain = distilled.copy()) {
      DistillationTrainer.builder().teacher(teacher).temperature(1).alpha(0).epochs(3).batchSize(10).seed(seed)
          .build().fit(distilled, data);
      java.util.Random random = new java.util.Random(seed);
      for (int epoch = 0; epoch < 3; epoch++) {
        Dataset order = data.subset(Dataset.permutation(data.rows(), random));
        for (int from = 0; from < 40; from += 10) {
          plain.network().fit(new org.nd4j.linalg.dataset.DataSet(order.featureMatrix(from, from + 10),
              order.oneHotLabels(from, from + 10)));
        }
      }

      double[] a = distilled.network().params().data().asDouble();
      double[] b = plain.network().params().data().asDouble();
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as("parameter %d", i).isCloseTo(b[i], within(1e-5));
      }
    }
  }

  @Test
  void masksHoldExactlyAndTheOutputLossIsRestored() {
    Dataset data = TinyNetworks.blobs(5, 60, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel student = TinyNetworks.mlp(2, 4, 6, 3)) {
      INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 6);
      mask.putScalar(0, 0, 0f);
      mask.putScalar(2, 3, 0f);
      student.setMask("0_W", mask);
      float before = student.parameter("0_W").getFloat(1, 1);

      DistillationHistory history = DistillationTrainer.builder().teacher(teacher).temperature(2).alpha(0.5)
          .epochs(3).batchSize(16).seed(9).build().fit(student, data);

      assertThat(student.parameter("0_W").getFloat(0, 0)).isEqualTo(0f);
      assertThat(student.parameter("0_W").getFloat(2, 3)).isEqualTo(0f);
      assertThat(student.parameter("0_W").getFloat(1, 1)).isNotEqualTo(before);
      assertThat(history.softLoss()).hasSize(3);
      assertThat(history.hardLoss()).hasSize(3);
      assertThat(history.iterations()).isEqualTo(12);
      assertThat(history.totalLoss().get(0))
          .isCloseTo(0.5 * history.softLoss().get(0) + 0.5 * history.hardLoss().get(0), within(1e-12));
      org.deeplearning4j.nn.conf.layers.BaseOutputLayer output = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
          student.network().getLayerWiseConfigurations().getConf(1).getLayer();
      assertThat(output.getLossFn()).isInstanceOf(org.nd4j.linalg.lossfunctions.impl.LossMCXENT.class);
    }
  }

  @Test
  void sameSeedSameStudent() {
    Dataset data = TinyNetworks.blobs(5, 50, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel a = TinyNetworks.mlp(2, 4, 6, 3);
        NetworkModel b = TinyNetworks.mlp(2, 4, 6, 3)) {
      DistillationTrainer trainer = DistillationTrainer.builder().teacher(teacher).epochs(2).batchSize(8).seed(4)
          .build();
      trainer.fit(a, data);
      trainer.fit(b, data);
      assertThat(a.network().params().data().asFloat()).containsExactly(b.network().params().data().asFloat());
    }
  }

  @Test
  void unlabeledTransferSetTrainsOnTheSoftTermAloneAndNeedsAlphaOne() {
    Dataset data = TinyNetworks.blobs(5, 60, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel student = TinyNetworks.mlp(2, 4, 6, 3)) {
      TransferSet unlabeled = TransferSet.unlabeled(data.features(), 4);
      assertThatThrownBy(() -> DistillationTrainer.builder().teacher(teacher).alpha(0.9).build()
          .fit(student, unlabeled))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("an unlabeled transfer set needs alpha = 1 (the soft-target term alone), got alpha = 0.9");

      DistillationHistory history = DistillationTrainer.builder().teacher(teacher).alpha(1).temperature(3)
          .epochs(2).batchSize(20).build().fit(student, unlabeled);

      assertThat(history.hardLoss()).containsExactly(0.0, 0.0);
      assertThat(history.softLoss()).allSatisfy(loss -> assertThat(loss).isPositive());
      assertThat(history.totalLoss()).isEqualTo(history.softLoss());
    }
  }

  @Test
  void aDl4jIteratorAndADl4jTeacherWork() {
    Dataset data = TinyNetworks.blobs(5, 30, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel student = TinyNetworks.mlp(2, 4, 6, 3)) {
      MultiLayerNetwork net = student.network();
      DistillationHistory history = DistillationTrainer.builder().teacher(teacher.network()).epochs(1)
          .batchSize(10).build().fit(net, data.iterator(7, false, 0));
      assertThat(history.iterations()).isEqualTo(3);
    }
  }

  @Test
  void ensembleSoftTargetsAreTheMeanOfEachTeachers() {
    Dataset data = TinyNetworks.blobs(5, 10, 4, 3);
    try (NetworkModel a = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel b = TinyNetworks.mlp(7, 4, 8, 3)) {
      TransferSet set = TransferSet.labelled(data);
      double[] softA = DistillationTrainer.builder().teacher(a).temperature(2).build().softTargets(set);
      double[] softB = DistillationTrainer.builder().teacher(b).temperature(2).build().softTargets(set);
      double[] both = DistillationTrainer.builder().teacher(a).teacher(b).temperature(2).build().softTargets(set);
      for (int i = 0; i < both.length; i++) {
        assertThat(both[i]).isCloseTo((softA[i] + softB[i]) / 2, within(1e-12));
      }
    }
  }

  @Test
  void badInputIsNamed() {
    Dataset data = TinyNetworks.blobs(5, 10, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel fiveClasses = TinyNetworks.mlp(2, 4, 6, 5);
        NetworkModel wideInput = TinyNetworks.mlp(2, 6, 6, 3)) {
      DistillationTrainer trainer = DistillationTrainer.builder().teacher(teacher).build();
      assertThatThrownBy(() -> trainer.fit(fiveClasses, data))
          .hasMessage("the teacher predicts 3 classes, the student 5");
      assertThatThrownBy(() -> trainer.fit(wideInput, data))
          .hasMessage("the student takes 6 features per example, the transfer set has 4");
      assertThatThrownBy(() -> DistillationTrainer.builder().build())
          .hasMessage("teacher: at least one teacher is required");
      assertThatThrownBy(() -> DistillationTrainer.builder().teacher(teacher).temperature(-1).build())
          .hasMessage("temperature must be positive, got -1.0");
      assertThatThrownBy(() -> DistillationTrainer.builder().teacher(teacher).alpha(-0.1).build())
          .hasMessage("alpha must be in [0, 1], got -0.1");
      assertThatThrownBy(() -> DistillationTrainer.builder().teacher(teacher).updater("rmsprop").build())
          .hasMessage("updater: unknown updater 'rmsprop'; one of [adam, sgd, nesterovs]");
    }
  }

  @Test
  void teachersAreNotClosedOrChanged() {
    Dataset data = TinyNetworks.blobs(5, 20, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel student = TinyNetworks.mlp(2, 4, 6, 3)) {
      float[] before = teacher.network().params().data().asFloat();
      DistillationTrainer.builder().teacher(teacher).build().fit(student, data);
      assertThat(teacher.network().params().data().asFloat()).containsExactly(before);
      assertThat(List.of(teacher.parameterCount())).isNotEmpty();
    }
  }

  @Test
  void anyInferenceCanTeach() {
    // a teacher behind Topiary's Inference only (as a compiled runtime model is): fixed probabilities
    dev.topiary.core.model.Inference fixed = new dev.topiary.core.model.Inference() {
      @Override
      public int inputSize() {
        return 4;
      }

      @Override
      public int classCount() {
        return 3;
      }

      @Override
      public Batch prepare(float[] features, int rows) {
        return new Batch() {
          @Override
          public int rows() {
            return rows;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public void forward(Batch batch) {}

      @Override
      public float[] probabilities(Batch batch) {
        float[] out = new float[batch.rows() * 3];
        for (int r = 0; r < batch.rows(); r++) {
          out[3 * r] = 0.64f;
          out[3 * r + 1] = 0.32f;
          out[3 * r + 2] = 0.04f;
        }
        return out;
      }
    };
    Dataset data = TinyNetworks.blobs(5, 5, 4, 3);

    double[] soft = DistillationTrainer.builder().teacher(fixed).temperature(2).build()
        .softTargets(TransferSet.labelled(data));

    double norm = Math.sqrt(0.64f) + Math.sqrt(0.32f) + Math.sqrt(0.04f);
    assertThat(soft).hasSize(15);
    assertThat(soft[12]).isCloseTo(Math.sqrt(0.64f) / norm, within(1e-9));
    assertThat(soft[14]).isCloseTo(Math.sqrt(0.04f) / norm, within(1e-9));
  }

  @Test
  void anUpdaterOptionGivesTheStudentAFreshUpdaterWithTheLearningRate() {
    Dataset data = TinyNetworks.blobs(5, 20, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel student = TinyNetworks.mlp(2, 4, 6, 3)) {
      DistillationTrainer.builder().teacher(teacher).updater("SGD").learningRate(0.05).build().fit(student, data);

      org.deeplearning4j.nn.conf.layers.BaseLayer first = (org.deeplearning4j.nn.conf.layers.BaseLayer)
          student.network().getLayerWiseConfigurations().getConf(0).getLayer();
      assertThat(first.getIUpdater()).isInstanceOf(Sgd.class);
      assertThat(student.network().getLearningRate(0)).isEqualTo(0.05);
    }
  }

  @Test
  void anUpdaterOptionOnATrainedStudentStartsAdamsBiasCorrectionAfresh() {
    // Adam's bias correction counts the network's iterations: a "fresh" Adam with zero moments on
    // a student already trained for 300 iterations took ~2.8x larger steps over its first 10 steps
    Dataset data = TinyNetworks.blobs(5, 40, 4, 3);
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
        NetworkModel trained = TinyNetworks.mlp(2, 4, 6, 3)) {
      for (int i = 0; i < 300; i++) {
        trained.network().fit(new org.nd4j.linalg.dataset.DataSet(data.featureMatrix(0, 40),
            data.oneHotLabels(0, 40)));
      }
      try (NetworkModel student = trained.copy(); NetworkModel untrainedClock = trained.copy()) {
        untrainedClock.network().getLayerWiseConfigurations().setIterationCount(0);
        DistillationTrainer trainer = DistillationTrainer.builder().teacher(teacher).alpha(0).temperature(1)
            .epochs(10).batchSize(40).updater("adam").learningRate(1e-3).build();
        trainer.fit(student, data);
        trainer.fit(untrainedClock, data);

        double[] a = student.network().params().data().asDouble();
        double[] b = untrainedClock.network().params().data().asDouble();
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("parameter %d", i).isCloseTo(b[i], within(1e-6));
        }
        assertThat(student.network().getIterationCount()).isEqualTo(10);
      }
    }
  }

  @Test
  void anIteratorWithoutLabelsIsAnUnlabeledTransferSet() {
    Dataset data = TinyNetworks.blobs(5, 12, 4, 3);
    org.nd4j.linalg.dataset.api.iterator.DataSetIterator unlabeled =
        new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(
            List.of(new org.nd4j.linalg.dataset.DataSet(data.featureMatrix(0, 6), null),
                new org.nd4j.linalg.dataset.DataSet(data.featureMatrix(6, 12), null)));

    TransferSet set = TransferSet.from(unlabeled);

    assertThat(set.hasLabels()).isFalse();
    assertThat(set.rows()).isEqualTo(12);
    assertThat(set.features()).containsExactly(data.features());
  }
}
