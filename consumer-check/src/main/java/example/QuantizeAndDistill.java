package example;

import dev.topiary.distillation.DistillationHistory;
import dev.topiary.distillation.DistillationTrainer;
import dev.topiary.quantization.CalibrationMethod;
import dev.topiary.quantization.Int8Quantizer;
import dev.topiary.quantization.QuantizationResult;
import dev.topiary.quantization.WeightGranularity;
import dev.topiary.runtime.RuntimeModel;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A new user's int8 quantization and distillation with DL4J types only: quantize a trained
 * network on its own data iterator, save and reload the int8 file with the runtime alone, and
 * distil the network into a smaller student in the user's own code.
 */
public final class QuantizeAndDistill {

  public static void main(String[] args) throws Exception {
    Random random = new Random(3);
    float[][] x = new float[512][10];
    float[][] y = new float[512][2];
    for (int i = 0; i < x.length; i++) {
      int label = i % 2;
      for (int f = 0; f < 10; f++) {
        x[i][f] = (float) (random.nextGaussian() + (label == 0 ? -1 : 1));
      }
      y[i][label] = 1;
    }
    INDArray features = Nd4j.create(x);
    DataSetIterator data = new ListDataSetIterator<>(new DataSet(features, Nd4j.create(y)).asList(), 32);
    MultiLayerNetwork teacher = network(64, 5);
    teacher.fit(data, 3);

    QuantizationResult int8 = Int8Quantizer.builder()
        .weights(WeightGranularity.PER_CHANNEL).calibration(CalibrationMethod.ENTROPY).calibrationExamples(256)
        .build()
        .quantize(teacher, data);
    Path file = Path.of(args.length > 0 ? args[0] : "model.tpm");
    int8.model().save(file);
    RuntimeModel loaded = RuntimeModel.load(file);
    float[] flat = features.dup('c').data().asFloat();
    float[] p = loaded.predict(flat, x.length);
    int agree = 0;
    INDArray reference = teacher.output(features);
    for (int i = 0; i < x.length; i++) {
      int int8Class = p[2 * i + 1] > p[2 * i] ? 1 : 0;
      agree += int8Class == reference.getRow(i).argMax().getInt(0) ? 1 : 0;
    }

    MultiLayerNetwork student = network(8, 6);
    DistillationHistory history = DistillationTrainer.builder()
        .teacher(teacher).temperature(4).alpha(0.9).epochs(3).batchSize(32).learningRate(1e-2).seed(7)
        .build()
        .fit(student, data);
    double studentAccuracy = student.evaluate(data).accuracy();
    double teacherAccuracy = teacher.evaluate(data).accuracy();   // the teacher is borrowed, still usable
    System.out.printf("int8 agreement %.3f, student accuracy %.3f after %d epochs, teacher %.3f%n",
        agree / (double) x.length, studentAccuracy, history.totalLoss().size(), teacherAccuracy);
    if (agree < 0.98 * x.length || studentAccuracy < 0.9 || teacherAccuracy < 0.9) {
      throw new IllegalStateException("quantization or distillation did not give what the README promises");
    }
  }

  private static MultiLayerNetwork network(int hidden, long seed) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed).updater(new Adam(1e-2)).list()
        .layer(new DenseLayer.Builder().nIn(10).nOut(hidden).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }
}
