package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sparse fp32 kernel (sliced ELLPACK with Vector API gathers at batch 1–3, the dense Vector API
 * blocks from four rows) against the dense kernel on the same weights, on awkward sizes: slices
 * with a tail, outputs without weights, all-zero layers, one input, one output.
 */
class SparseKernelTest {

  private static final float TOLERANCE = 1e-5f;

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("%s, value %d", what, i)
          .isCloseTo(expected[i], within(TOLERANCE * Math.max(1, Math.abs(expected[i]))));
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1,0.0", "1,17,0.5", "7,1,0.3", "33,5,0.9", "50,31,0.95", "784,300,0.93", "300,150,0.76",
      "150,10,0.51", "19,100,0.99", "64,16,0.0", "64,33,1.0", "5,47,1.0"})
  void sparseEqualsDenseOnRandomSparseWeights(int in, int out, double zeroShare) {
    Random random = new Random(31L * in + out);
    float[] w = Naive.random(random, in * out, zeroShare);
    emptyOutputs(w, in, out, random);
    float[] b = Naive.random(random, out, 0.3);
    for (int rows : new int[] {1, 2, 3, 4, 5, 9}) {
      float[] x = Naive.random(random, rows * in, 0.5);
      float[] dense = RuntimeModel.builder(in).dense(out, w, b, Activation.IDENTITY, KernelKind.DENSE).build()
          .predict(x, rows);
      float[] sparse = RuntimeModel.builder(in).dense(out, w, b, Activation.IDENTITY, KernelKind.SPARSE).build()
          .predict(x, rows);
      String what = in + "->" + out + " at " + zeroShare + " zeros, " + rows + " rows";
      assertClose(sparse, dense, what);
      assertClose(sparse, Naive.dense(x, rows, in, out, w, b), what + " (textbook)");
    }
  }

  /** Zeroes about a fifth of the outputs' weights, so some slices hold rows without non-zeros. */
  private static void emptyOutputs(float[] w, int in, int out, Random random) {
    for (int o = 0; o < out; o++) {
      if (random.nextInt(5) == 0) {
        Arrays.fill(w, o * in, (o + 1) * in, 0f);
      }
    }
  }

  @Test
  void aLayerTooLargeForItsDenseCopyRunsOnGathersAlone() {
    int in = 2049;
    int out = 2048;
    assertThat((long) in * out).isGreaterThan(SparseDenseLayer.BLOCK_LIMIT);
    Random random = new Random(5);
    float[] w = Naive.random(random, in * out, 0.5);
    float[] b = Naive.random(random, out, 0);
    float[] x = Naive.random(random, 2 * in, 0.6);
    float[] sparse = RuntimeModel.builder(in).dense(out, w, b, Activation.IDENTITY, KernelKind.SPARSE).build()
        .predict(x, 2);
    assertClose(sparse, Naive.dense(x, 2, in, out, w, b), "2049->2048");
  }

  @Test
  void anAllZeroLayerGivesItsBias() {
    float[] b = {1f, -2f, 3f, 0.5f, 0f};
    float[] x = Naive.random(new Random(2), 2 * 40, 0.1);
    float[] y = RuntimeModel.builder(40).dense(5, new float[200], b, Activation.IDENTITY, KernelKind.SPARSE).build()
        .predict(x, 2);
    assertThat(y).containsExactly(1f, -2f, 3f, 0.5f, 0f, 1f, -2f, 3f, 0.5f, 0f);
  }

  @Test
  void stackedSparseLayersMatchDenseAfterReluAndSoftmax() {
    Random random = new Random(11);
    float[] w1 = Naive.random(random, 61 * 45, 0.9);
    float[] w2 = Naive.random(random, 45 * 7, 0.8);
    float[] b1 = Naive.random(random, 45, 0);
    float[] b2 = Naive.random(random, 7, 0);
    float[] x = Naive.random(random, 3 * 61, 0.5);
    float[][] results = new float[2][];
    KernelKind[] kinds = {KernelKind.DENSE, KernelKind.SPARSE};
    for (int k = 0; k < 2; k++) {
      results[k] = RuntimeModel.builder(61).dense(45, w1, b1, Activation.RELU, kinds[k])
          .dense(7, w2, b2, Activation.SOFTMAX, kinds[k]).build().predict(x, 3);
    }
    assertClose(results[1], results[0], "61-45-7");
  }

  @Test
  void theSlicedLayoutSortsOutputsByCountAndPadsWithZeros() {
    // [out][in] = 3 x 4: output 0 has one non-zero, output 1 none, output 2 three.
    float[] w = {0f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 3f, 4f};
    SlicedEll m = SlicedEll.of(Csc.of(w, 4, 3), new float[] {10f, 20f, 30f}, 2);
    assertThat(m.order()).containsExactly(2, 0, 1);
    assertThat(m.bias()).containsExactly(30f, 10f, 20f, 0f);
    assertThat(m.sliceStart()).containsExactly(0, 6, 6);
    assertThat(m.index()).containsExactly(0, 1, 2, 0, 3, 0);
    assertThat(m.values()).containsExactly(1f, 2f, 3f, 0f, 4f, 0f);
  }
}
