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
        + " " + FallbackMain.checksum(model(KernelKind.SPARSE), inputs()));
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

  /** Prints whether the Vector API runs and the rounded probabilities of {@link #model(KernelKind)}. */
  static final class FallbackMain {
    public static void main(String[] args) {
      System.out.println("vector=" + VectorSupport.AVAILABLE + " " + checksum(model(KernelKind.DENSE), inputs()) + " "
          + checksum(model(KernelKind.SPARSE), inputs()));
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
