package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelTest {

  private static final float TOLERANCE = 1e-5f;

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(TOLERANCE * Math.max(1, Math.abs(expected[i]))));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 9, 64, 70, 131})
  void denseKernelsMatchTheTextbookProduct(int rows) {
    Random random = new Random(rows);
    int in = 37;
    int out = 29;
    float[] w = Naive.random(random, in * out, 0.7);
    float[] b = Naive.random(random, out, 0.2);
    float[] x = Naive.random(random, rows * in, 0.3);
    float[] expected = Naive.dense(x, rows, in, out, w, b);
    for (KernelKind kernel : new KernelKind[] {KernelKind.DENSE, KernelKind.SPARSE}) {
      RuntimeModel model = RuntimeModel.builder(in).dense(out, w, b, Activation.IDENTITY, kernel).build();
      assertClose(model.predict(x, rows), expected);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5})
  void convolutionKernelsMatchTheTextbookConvolution(int rows) {
    Random random = new Random(100 + rows);
    int c = 3;
    int h = 9;
    int wd = 8;
    int oc = 5;
    for (Window win : new Window[] {Window.of(3, 3), Window.of(3, 2).stride(2, 1).pad(1, 0, 1, 1),
        Window.of(5, 5).pad(2, 2, 2, 2), Window.of(2, 3).stride(2, 3).pad(0, 1, 1, 0), Window.of(1, 1)}) {
      float[] w = Naive.random(random, oc * c * win.kernelHeight() * win.kernelWidth(), 0.5);
      float[] b = Naive.random(random, oc, 0.0);
      float[] x = Naive.random(random, rows * c * h * wd, 0.2);
      float[] expected = Naive.conv(x, rows, c, h, wd, oc, win, w, b);
      for (KernelKind kernel : new KernelKind[] {KernelKind.DENSE, KernelKind.SPARSE}) {
        RuntimeModel model = RuntimeModel.builder(c, h, wd).conv2d(oc, win, w, b, Activation.IDENTITY, kernel)
            .flatten().build();
        assertClose(model.predict(x, rows), expected);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void poolingMatchesTheTextbookPooling(boolean includePad) {
    Random random = new Random(7);
    int rows = 3;
    int c = 2;
    int h = 7;
    int wd = 6;
    for (Window win : new Window[] {Window.of(2, 2).stride(2, 2), Window.of(3, 3).stride(2, 2).pad(1, 1, 1, 1),
        Window.of(3, 2).stride(1, 2).pad(0, 1, 2, 0)}) {
      float[] x = Naive.random(random, rows * c * h * wd, 0.0);
      assertClose(RuntimeModel.builder(c, h, wd).maxPool(win).flatten().build().predict(x, rows),
          Naive.pool(x, rows, c, h, wd, win, true, false));
      assertClose(RuntimeModel.builder(c, h, wd).avgPool(win, includePad).flatten().build().predict(x, rows),
          Naive.pool(x, rows, c, h, wd, win, false, includePad));
    }
  }
}
