package dev.topiary.runtime.int8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float multiply-add kernels give exactly the int32 sums of a long scalar reference, on random
 * data with the extreme codes, sizes that are not a multiple of the vector length, and more than
 * {@link Int8Fma#BLOCK} inputs with all products of one sign (where one float sum would round).
 */
class Int8FmaTest {

  private static final int[] EDGE_WEIGHTS = {-128, -127, 127, 0, 1, -1};
  private static final int[] EDGE_INPUTS = {-255, 255, -128, 127, 253, 0};

  /** Sizes {rows, cols}: tiny, odd, wider than a vector pair, and beyond one block. */
  private static final int[][] SHAPES = {{1, 1}, {5, 3}, {17, 33}, {40, 600}, {33, 1100}, {70, 1537}};

  private static byte[] weights(Random random, int n, boolean coherent) {
    byte[] w = new byte[n];
    for (int i = 0; i < n; i++) {
      if (coherent) {
        w[i] = (byte) (random.nextBoolean() ? -128 : -127);
      } else if (random.nextInt(4) == 0) {
        w[i] = (byte) EDGE_WEIGHTS[random.nextInt(EDGE_WEIGHTS.length)];
      } else {
        w[i] = (byte) (random.nextInt(256) - 128);
      }
    }
    return w;
  }

  private static float[] inputs(Random random, int n, boolean coherent) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      if (coherent) {
        d[i] = random.nextBoolean() ? 255 : 253;
      } else if (random.nextInt(4) == 0) {
        d[i] = EDGE_INPUTS[random.nextInt(EDGE_INPUTS.length)];
      } else {
        d[i] = random.nextInt(511) - 255;
      }
    }
    return d;
  }

  /** Column-major {@code cols × stride} with the padding outputs 0. */
  private static byte[] columnMajor(byte[] w, int rows, int cols, int stride) {
    byte[] t = new byte[cols * stride];
    for (int o = 0; o < rows; o++) {
      for (int i = 0; i < cols; i++) {
        t[i * stride + o] = w[o * cols + i];
      }
    }
    return t;
  }

  private static long reference(byte[] w, int cols, int o, float[] d, int dOffset) {
    long sum = 0;
    for (int i = 0; i < cols; i++) {
      sum += (long) w[o * cols + i] * (long) d[dOffset + i];
    }
    return sum;
  }

  @Test
  void theTestsRunTheVectorKernels() {
    assertThat(Int8Fma.vectorized()).isTrue();
    assertThat(Int8Fma.padded(1) % 16).isZero();
  }

  @Test
  void gemvOverTheNonZeroColumnsIsExact() {
    Random random = new Random(17);
    for (boolean coherent : new boolean[] {false, true}) {
      for (int[] shape : SHAPES) {
        int rows = shape[0];
        int cols = shape[1];
        int stride = Int8Fma.padded(rows);
        byte[] w = weights(random, rows * cols, coherent);
        float[] d = inputs(random, cols + 3, coherent);
        int[] nonZero = new int[cols];
        int count = 0;
        for (int i = 0; i < cols; i++) {
          if (d[3 + i] != 0f) {
            nonZero[count++] = i;
          }
        }
        int[] acc = new int[stride + 2];
        java.util.Arrays.fill(acc, 99);
        Int8Fma.gemvColumns(columnMajor(w, rows, cols, stride), stride, d, 3, nonZero, count, new float[stride], acc,
            2);
        for (int o = 0; o < rows; o++) {
          assertThat(acc[2 + o]).as("%s %dx%d output %d", coherent, rows, cols, o)
              .isEqualTo((int) reference(w, cols, o, d, 3));
        }
        for (int o = rows; o < stride; o++) {
          assertThat(acc[2 + o]).isZero();
        }
        assertThat(acc[0]).isEqualTo(99);
      }
    }
  }

  @Test
  void theCoherentCaseReallyNeedsTheBlocks() {
    // 1100 products of about −32,500 each: one float sum would leave 2^24 and round
    Random random = new Random(5);
    byte[] w = weights(random, 1100, true);
    float[] d = inputs(random, 1100, true);
    float single = 0f;
    for (int i = 0; i < 1100; i++) {
      single = Math.fma(w[i], d[i], single);
    }
    assertThat((long) single).isNotEqualTo(reference(w, 1100, 0, d, 0));
    assertThat(Math.abs(reference(w, 1100, 0, d, 0))).isGreaterThan(1L << 24);
  }

  @Test
  void fourAndEightRowsOfActivationsTimesInt8ColumnsAreExact() {
    Random random = new Random(23);
    for (boolean coherent : new boolean[] {false, true}) {
      for (int[] shape : SHAPES) {
        int rows = shape[0];
        int cols = shape[1];
        int stride = Int8Fma.padded(rows);
        byte[] w = weights(random, rows * cols, coherent);
        float[] x = inputs(random, 1 + 8 * cols, coherent);
        int[] acc = new int[1 + 4 * stride];
        int[] eight = new int[2 + 8 * stride];
        byte[] t = columnMajor(w, rows, cols, stride);
        Int8Fma.fourRows(x, 1, cols, t, stride, acc, 1);
        Int8Fma.eightRows(x, 1, cols, t, stride, eight, 2);
        for (int q = 0; q < 8; q++) {
          for (int o = 0; o < rows; o++) {
            int expected = (int) reference(w, cols, o, x, 1 + q * cols);
            if (q < 4) {
              assertThat(acc[1 + q * stride + o]).as("%s %dx%d row %d output %d", coherent, rows, cols, q, o)
                  .isEqualTo(expected);
            }
            assertThat(eight[2 + q * stride + o]).as("eight: %s %dx%d row %d output %d", coherent, rows, cols, q, o)
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void filtersTimesFloatColumnsAreExactForFourRowsAndOne() {
    Random random = new Random(29);
    for (int[] shape : new int[][] {{1, 1}, {9, 25}, {64, 150}, {100, 1100}}) {
      int positions = shape[0];
      int k = shape[1];
      int stride = Int8Fma.padded(positions);
      byte[] codes = weights(random, positions * k, false);
      float[] columns = new float[k * stride];
      for (int i = 0; i < k; i++) {
        for (int p = 0; p < positions; p++) {
          columns[i * stride + p] = codes[p * k + i];
        }
      }
      float[] filters = inputs(random, 5 * k, false);
      for (int i = 0; i < filters.length; i++) {
        filters[i] = Math.max(-128, Math.min(127, filters[i]));
      }
      int[] four = new int[4 * stride];
      int[] one = new int[stride];
      Int8Fma.fourRows(filters, 0, k, columns, stride, four, 0);
      Int8Fma.oneRow(filters, 4 * k, k, columns, stride, one, 0);
      for (int p = 0; p < positions; p++) {
        for (int q = 0; q < 5; q++) {
          long expected = reference(codes, k, p, filters, q * k);
          int actual = q < 4 ? four[q * stride + p] : one[p];
          assertThat(actual).as("%d positions, k %d, filter %d, position %d", positions, k, q, p)
              .isEqualTo((int) expected);
        }
      }
    }
  }

  @Test
  void floatQuantizationGivesTheByteCodesOnVectorsAndTails() {
    float[] edge = {0f, 0.5f, 1.5f, -2.5f, 1e9f, -1e9f, Float.NaN, Float.POSITIVE_INFINITY, 3.49f, -0.01f, 7.5f,
        -0f, -0.25f, 63.75f, -64.25f, 0.75f};
    Random random = new Random(3);
    float[] x = new float[3 * edge.length + 7];
    for (int i = 0; i < x.length; i++) {
      x[i] = i < 2 * edge.length ? edge[i % edge.length] : (float) random.nextGaussian() * 40f;
    }
    for (int zero : new int[] {-128, -3, 0, 127}) {
      byte[] codes = new byte[x.length];
      float[] centred = new float[x.length + 1];
      float[] raw = new float[x.length + 2];
      Int8Activations.quantize(x, 0, x.length, 0.5f, zero, codes, 0);
      Int8Activations.quantizeCentred(x, 0, x.length, 0.5f, zero, centred, 1);
      Int8Activations.quantizeToFloatCodes(x, 0, x.length, 0.5f, zero, raw, 2);
      for (int i = 0; i < x.length; i++) {
        assertThat(Float.floatToRawIntBits(centred[1 + i])).as("x %s zero %d", x[i], zero)
            .isEqualTo(Float.floatToRawIntBits((float) (codes[i] - zero)));
        assertThat(Float.floatToRawIntBits(raw[2 + i])).as("x %s zero %d", x[i], zero)
            .isEqualTo(Float.floatToRawIntBits((float) codes[i]));
      }
    }
  }

  @Test
  void floatIm2colEqualsTheByteIm2col() {
    Random random = new Random(41);
    Int8Convolution.Geometry[] geometries = {
        new Int8Convolution.Geometry(1, 28, 28, 5, 5, 1, 1, 2, 2, 28, 28),
        new Int8Convolution.Geometry(2, 7, 6, 3, 3, 1, 1, 1, 1, 7, 6),
        new Int8Convolution.Geometry(3, 9, 8, 3, 2, 2, 2, 1, 1, 5, 5),
        new Int8Convolution.Geometry(2, 4, 4, 3, 3, 1, 1, 4, 4, 10, 10)};
    for (Int8Convolution.Geometry g : geometries) {
      byte[] input = new byte[g.inputSize() + 3];
      float[] floats = new float[input.length];
      for (int i = 0; i < input.length; i++) {
        input[i] = (byte) (random.nextInt(256) - 128);
        floats[i] = input[i];
      }
      int positions = g.positions();
      int stride = Int8Fma.padded(positions);
      byte[] bytes = new byte[g.patchSize() * positions];
      float[] columns = new float[g.patchSize() * stride];
      Int8Convolution.im2colByKernel(g, input, 3, (byte) -7, bytes);
      Int8Convolution.im2colByKernel(g, floats, 3, -7f, columns, stride);
      for (int k = 0; k < g.patchSize(); k++) {
        for (int p = 0; p < positions; p++) {
          assertThat(columns[k * stride + p]).as("%s element %d position %d", g, k, p)
              .isEqualTo((float) bytes[k * positions + p]);
        }
      }
    }
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Int8Fma.fourRows(new float[4], 0, 1, new byte[16], 15, new int[64], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stride must be a positive padded width (a multiple of " + Int8Fma.padded(1) + "), got 15");
    int stride = Int8Fma.padded(1);
    assertThatThrownBy(() -> Int8Fma.fourRows(new float[7], 0, 2, new byte[2 * stride], stride, new int[4 * stride],
        0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4 rows of 2 values need 8 inputs from offset 0, have 7");
    assertThatThrownBy(() -> Int8Fma.oneRow(new float[2], 0, 2, new float[stride], stride, new int[stride], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the matrix needs 2 × " + stride + " = " + (2 * stride) + " values, has " + stride);
    assertThatThrownBy(() -> Int8Fma.padded(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must not be negative, got -1");
  }
}
