package dev.topiary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.deploy.compile.CompileOptions;
import dev.topiary.deploy.compile.KernelPolicy;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.runtime.RuntimeModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The README's deployment example, compiled and run on a small compiled network. */
class RuntimeReadmeExampleTest {

  @TempDir
  Path dir;

  @Test
  void readmeExampleClassifiesRows() throws Exception {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
            .build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
    network.init();
    RuntimeCompiler.compile(network, CompileOptions.of(KernelPolicy.DENSE), null, 0, List.of("bag", "boot", "coat"))
        .model().save(dir.resolve("model.tpm"));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // the README's example, with the file in the test's folder
      RuntimeModel model = RuntimeModel.load(dir.resolve("model.tpm"));
      float[] rows = new float[3 * model.inputSize()];
      float[] p = model.predict(rows, 3);
      for (int r = 0; r < 3; r++) {
        int best = 0;
        for (int c = 1; c < model.classCount(); c++) {
          best = p[r * model.classCount() + c] > p[r * model.classCount() + best] ? c : best;
        }
        System.out.println(model.classNames().get(best) + " " + p[r * model.classCount() + best]);
      }
    } finally {
      System.setOut(console);
    }
    String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("(bag|boot|coat) 0\\.\\d+(E-\\d+)?");
  }
}
