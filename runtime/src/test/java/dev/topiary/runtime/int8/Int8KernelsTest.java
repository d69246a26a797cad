package dev.topiary.runtime.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8KernelsTest {

  private static byte[] randomBytes(Random random, int n, int low, int high) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (low + random.nextInt(high - low + 1));
    }
    return out;
  }

  @Test
  void dotOfTinyVectorsIsExact() {
    byte[] a = {1, -2, 3, 127, -128};
    byte[] b = {4, 5, -6, 127, -128};
    assertThat(Int8MatMul.dot(a, 0, b, 0, 5)).isEqualTo(4 - 10 - 18 + 16129 + 16384);
    assertThat(Int8MatMul.dot(a, 1, b, 2, 2)).isEqualTo(-2 * -6 + 3 * 127);
  }

  @Test
  void gemmEqualsALongReferenceForEveryShape() {
    Random random = new Random(7);
    for (int[] shape : new int[][] {{1, 1, 1}, {3, 5, 2}, {4, 17, 3}, {7, 33, 1}, {10, 784, 2}}) {
      int rows = shape[0];
      int cols = shape[1];
      int batch = shape[2];
      byte[] w = randomBytes(random, rows * cols, -127, 127);
      byte[] x = randomBytes(random, batch * cols, -128, 127);
      int[] out = new int[batch * rows];
      Int8MatMul.gemm(w, rows, cols, x, batch, out);
      for (int r = 0; r < batch; r++) {
        for (int o = 0; o < rows; o++) {
          long expected = 0;
          for (int i = 0; i < cols; i++) {
            expected += (long) w[o * cols + i] * x[r * cols + i];
          }
          assertThat(out[r * rows + o]).as("shape %dx%d row %d out %d", rows, cols, r, o).isEqualTo((int) expected);
        }
      }
    }
  }

  @Test
  void sparseEqualsDenseAndStoresOnlyNonZeros() {
    Random random = new Random(3);
    int rows = 9;
    int cols = 50;
    byte[] w = randomBytes(random, rows * cols, -127, 127);
    for (int i = 0; i < w.length; i++) {
      if (random.nextDouble() < 0.9) {
        w[i] = 0;
      }
    }
    w[3 * cols] = 0;
    CsrInt8Matrix sparse = CsrInt8Matrix.fromDense(w, rows, cols);
    int nonZeros = 0;
    for (byte value : w) {
      nonZeros += value != 0 ? 1 : 0;
    }
    assertThat(sparse.nonZeros()).isEqualTo(nonZeros);
    assertThat(sparse.toDense()).isEqualTo(w);
    assertThat(sparse.rowSums()).isEqualTo(Int8MatMul.rowSums(w, rows, cols));
    byte[] x = randomBytes(random, 4 * cols, -128, 127);
    int[] dense = new int[4 * rows];
    int[] csr = new int[4 * rows];
    Int8MatMul.gemm(w, rows, cols, x, 4, dense);
    sparse.multiply(x, 4, csr);
    assertThat(csr).isEqualTo(dense);
    assertThat(CsrInt8Matrix.of(rows, cols, sparse.rowStart(), sparse.columns(), sparse.values())).isEqualTo(sparse);
  }

  @Test
  void csrArraysAreCheckedEntryByEntry() {
    assertThatThrownBy(() -> CsrInt8Matrix.of(2, 3, new int[] {0, 1, 2}, new int[] {0, 3}, new byte[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columns[1] = 3 in row 1 must be in [0, 3) and above the row's previous column");
    assertThatThrownBy(() -> CsrInt8Matrix.of(2, 3, new int[] {0, 2, 1}, new int[] {0}, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rowStart must not decrease, but rowStart[2] = 1 < rowStart[1] = 2");
  }

  @Test
  void requantizationMatchesTheFloatFormulaWithinOneStep() {
    Random random = new Random(11);
    int rows = 6;
    int cols = 40;
    byte[] w = randomBytes(random, rows * cols, -127, 127);
    float[] weightScales = {0.01f, 0.02f, 0.005f, 0.03f, 0.012f, 0.007f};
    float[] bias = {0.5f, -0.3f, 0f, 1.2f, -2f, 0.05f};
    float inputScale = 0.04f;
    int inputZero = -100;
    float outputScale = 0.09f;
    int outputZero = -20;
    int[] rowSums = Int8MatMul.rowSums(w, rows, cols);
    Requantization relu = Requantization.toInt8(inputScale, inputZero, weightScales, rowSums, bias, outputScale,
        outputZero, true);
    Requantization plain = Requantization.toFloat(inputScale, inputZero, weightScales, rowSums, bias, false);
    byte[] x = randomBytes(random, cols, -128, 127);
    int[] acc = new int[rows];
    Int8MatMul.gemv(w, rows, cols, x, 0, acc, 0);
    byte[] q = new byte[rows];
    float[] f = new float[rows];
    relu.apply(acc, 0, q, 0);
    plain.applyFloat(acc, 0, f, 0);
    for (int o = 0; o < rows; o++) {
      double real = 0;
      for (int i = 0; i < cols; i++) {
        real += (double) weightScales[o] * w[o * cols + i] * inputScale * (x[i] - inputZero);
      }
      real += bias[o];
      assertThat((double) f[o]).isCloseTo(real, within(1e-4 * Math.max(1, Math.abs(real))));
      double code = Math.max(outputZero, Math.min(127, Math.max(-128, Math.rint(Math.max(real, 0) / outputScale)
          + outputZero)));
      assertThat((double) q[o]).as("output %d (real %f)", o, real).isCloseTo(code, within(1.0));
      assertThat((int) q[o]).isGreaterThanOrEqualTo(outputZero);
    }
  }

  @Test
  void requantizationRoundsHalfToEvenAndSaturates() {
    int[] rowSums = {0, 0, 0, 0};
    Requantization r = Requantization.toInt8(1f, 0, new float[] {1f}, rowSums, new float[] {0f, 0f, 0f, 0f}, 2f,
        0, false);
    byte[] out = new byte[4];
    r.apply(new int[] {5, 7, -5, 1000}, 0, out, 0);
    assertThat(out).containsExactly(2, 4, -2, 127);
    r.apply(new int[] {-1000, 3, 1, -3}, 0, out, 0);
    assertThat(out).containsExactly(-128, 2, 0, -2);
  }

  @Test
  void activationsRoundTripWithinHalfAStep() {
    float[] x = {0f, 0.05f, 0.1f, -0.1f, 1.27f, 5f, -5f, 0.025f, 0.075f};
    byte[] q = new byte[x.length];
    Int8Activations.quantize(x, 0, x.length, 0.05f, -28, q, 0);
    assertThat(q).containsExactly(-28, -27, -26, -30, -3, 72, -128, -28, -26);
    float[] back = new float[x.length];
    Int8Activations.dequantize(q, 0, q.length, 0.05f, -28, back, 0);
    assertThat(back[1]).isCloseTo(0.05f, within(1e-6f));
    assertThat(back[6]).isCloseTo(-5f, within(1e-6f));
  }

  @Test
  void convolutionEqualsANaiveReferenceWithZeroPointPadding() {
    Random random = new Random(5);
    Int8Convolution.Geometry g = new Int8Convolution.Geometry(2, 5, 6, 3, 3, 2, 1, 1, 1, 3, 6);
    int outChannels = 3;
    byte[] input = randomBytes(random, g.inputSize(), -128, 127);
    byte[] weights = randomBytes(random, outChannels * g.patchSize(), -127, 127);
    byte zero = -7;
    byte[] patches = new byte[g.positions() * g.patchSize()];
    int[] out = new int[outChannels * g.positions()];
    Int8Convolution.im2col(g, input, 0, zero, patches);
    Int8Convolution.accumulate(g, weights, outChannels, patches, out);
    byte[] columns = new byte[g.positions() * g.patchSize()];
    int[] byKernel = new int[outChannels * g.positions()];
    Int8Convolution.im2colByKernel(g, input, 0, zero, columns);
    Int8Convolution.accumulateByKernel(g, weights, outChannels, columns, byKernel);
    assertThat(byKernel).isEqualTo(out);
    for (int o = 0; o < outChannels; o++) {
      for (int oy = 0; oy < g.outH(); oy++) {
        for (int ox = 0; ox < g.outW(); ox++) {
          int expected = 0;
          for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int iy = oy * 2 - 1 + ky;
                int ix = ox - 1 + kx;
                int value = iy < 0 || iy >= 5 || ix < 0 || ix >= 6 ? zero : input[c * 30 + iy * 6 + ix];
                expected += value * weights[o * 18 + c * 9 + ky * 3 + kx];
              }
            }
          }
          assertThat(out[o * g.positions() + oy * g.outW() + ox]).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void badShapesAreNamed() {
    assertThatThrownBy(() -> Int8MatMul.gemv(new byte[5], 2, 3, new byte[3], 0, new int[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights must hold 2 × 3 = 6 values, got 5");
    assertThatThrownBy(() -> Int8MatMul.gemv(new byte[6], 2, 3, new byte[2], 0, new int[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input needs 3 values from offset 0, has 2");
    assertThatThrownBy(() -> Requantization.toInt8(0f, 0, new float[] {1f}, new int[1], new float[1], 1f, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputScale must be positive and finite, got 0.0");
    assertThatThrownBy(() -> Requantization.toInt8(1f, 0, new float[] {1f, 1f}, new int[3], new float[3], 1f, 200,
        false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputZeroPoint must be in [-128, 127], got 200");
  }
}
