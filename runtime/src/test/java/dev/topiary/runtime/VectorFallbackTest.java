package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels run in these tests (surefire adds the module), and the plain loops give
 * the same results in a JVM without the module, on the dense and the sparse kernels: the runtime
 * loads and runs there too.
 */
class VectorFallbackTest {

  @Test
  void theseTestsRunTheVectorApiKernels() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(VectorSupport.AVAILABLE).isTrue();
  }

  @Test
  void withoutTheModuleThePlainLoopsGiveTheSameProbabilities() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        FallbackMain.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output.trim()).as(output).isEqualTo("vector=false " + FallbackMain.checksum(model(KernelKind.DENSE), inputs())
        + " " + FallbackMain.checksum(model(KernelKind.SPARSE), inputs()) + " " + FallbackMain.int8Bits());
    assertThat(File.pathSeparator).isNotEmpty();
  }

  static RuntimeModel model(KernelKind kernel) {
    Random random = new Random(3);
    return RuntimeModel.builder(50)
        .dense(37, Naive.random(random, 37 * 50, 0.3), Naive.random(random, 37, 0), Activation.RELU, kernel)
        .dense(5, Naive.random(random, 5 * 37, 0.5), Naive.random(random, 5, 0), Activation.SOFTMAX, kernel)
        .build();
  }

  static float[] inputs() {
    return Naive.random(new Random(4), 9 * 50, 0.2);
  }

  /**
   * Int8 models whose outputs must be bit-identical on the float multiply-add kernels (Vector API)
   * and the int loops (without it): a dense network with 600 inputs (more than one block of
   * {@link dev.topiary.runtime.int8.Int8Fma#BLOCK}) and a small convolutional one, dense and sparse
   * int8 kernels.
   */
  static RuntimeModel int8Dense(boolean sparse) {
    Random random = new Random(8);
    RuntimeModel fp32 = RuntimeModel.builder(600)
        .dense(37, Naive.random(random, 37 * 600, 0.1), Naive.random(random, 37, 0.1), Activation.RELU, KernelKind.DENSE)
        .dense(5, Naive.random(random, 5 * 37, 0.5), Naive.random(random, 5, 0.1), Activation.IDENTITY, KernelKind.DENSE)
        .build();
    List<ModelSurgery.WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    return ModelSurgery.replace(fp32, java.util.Map.of(
        0, Int8LayersTest.quantize(layers.get(0), -1.5f, 2f, false),
        1, Int8LayersTest.quantize(layers.get(1), 0f, 3f, sparse)));
  }

  static RuntimeModel int8Cnn() {
    Random random = new Random(12);
    RuntimeModel fp32 = RuntimeModel.builder(2, 7, 7)
        .conv2d(6, Window.of(3, 3).pad(1, 1, 1, 1), Naive.random(random, 6 * 2 * 9, 0.3),
            Naive.random(random, 6, 0.1), Activation.RELU, KernelKind.DENSE)
        .conv2d(5, Window.of(3, 3), Naive.random(random, 5 * 6 * 9, 0.3), Naive.random(random, 5, 0.1),
            Activation.RELU, KernelKind.DENSE)
        .flatten()
        .dense(3, Naive.random(random, 3 * 125, 0.2), Naive.random(random, 3, 0), Activation.IDENTITY, KernelKind.DENSE)
        .build();
    List<ModelSurgery.WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    return ModelSurgery.replace(fp32, java.util.Map.of(
        0, Int8LayersTest.quantize(layers.get(0), -2f, 2f, false),
        1, Int8LayersTest.quantize(layers.get(1), 0f, 3f, false)));
  }

  /** Prints whether the Vector API runs and the rounded probabilities of {@link #model(KernelKind)}. */
  static final class FallbackMain {
    public static void main(String[] args) {
      System.out.println("vector=" + VectorSupport.AVAILABLE + " " + checksum(model(KernelKind.DENSE), inputs()) + " "
          + checksum(model(KernelKind.SPARSE), inputs()) + " " + int8Bits());
    }

    /** Hashes of the exact output bits of the int8 models at batch 9 (two blocks of four rows and one row). */
    static String int8Bits() {
      return bits(int8Dense(false), Naive.random(new Random(5), 9 * 600, 0.3)) + "," + bits(int8Dense(true),
          Naive.random(new Random(5), 9 * 600, 0.3)) + "," + bits(int8Cnn(), Naive.random(new Random(6), 9 * 98, 0.2));
    }

    private static int bits(RuntimeModel model, float[] x) {
      float[] y = model.predict(x, 9);
      int[] bits = new int[y.length];
      for (int i = 0; i < y.length; i++) {
        bits[i] = Float.floatToRawIntBits(y[i]);
      }
      return java.util.Arrays.hashCode(bits);
    }

    static String checksum(RuntimeModel model, float[] x) {
      StringBuilder text = new StringBuilder();
      for (float p : model.predict(x, 9)) {
        text.append(Math.round(p * 1e4)).append(',');
      }
      return text.toString();
    }
  }
}
