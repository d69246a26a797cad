package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 weights' accumulators are the exact integer sums on every kernel (dense single row,
 * dense four rows, sparse sliced gathers), also with more than 2^24 / 32,640 = 514 same-signed products per output
 * where one float sum would round.
 */
class Int8WeightsTest {

  private static long reference(byte[] codes, int cols, int o, float[] d, int dOffset) {
    long sum = 0;
    for (int i = 0; i < cols; i++) {
      sum += (long) codes[o * cols + i] * (long) d[dOffset + i];
    }
    return sum;
  }

  @Test
  void everyKernelGivesTheExactSums() {
    Random random = new Random(31);
    for (int[] shape : new int[][] {{3, 1100}, {41, 700}, {17, 20}}) {
      int rows = shape[0];
      int cols = shape[1];
      for (boolean coherent : new boolean[] {true, false}) {
        byte[] codes = new byte[rows * cols];
        float[] d = new float[4 * cols];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = (byte) (coherent ? -126 - random.nextInt(2) : random.nextInt(255) - 127);
          if (!coherent && random.nextInt(3) == 0) {
            codes[i] = 0;
          }
        }
        for (int i = 0; i < d.length; i++) {
          d[i] = coherent ? 253 + 2 * random.nextInt(2) : random.nextInt(511) - 255;
        }
        for (boolean sparse : new boolean[] {false, true}) {
          Int8Weights w = new Int8Weights(rows, cols, 0.1f, 3, new float[] {0.01f}, codes, new float[rows], sparse,
              false);
          int stride = w.stride;
          int[] single = new int[stride];
          for (int q = 0; q < 4; q++) {
            w.accumulateCentred(d, q * cols, single, 0, new float[stride], new int[stride], new int[cols]);
            for (int o = 0; o < rows; o++) {
              assertThat(single[o]).as("%dx%d coherent %s sparse %s row %d output %d", rows, cols, coherent, sparse,
                  q, o).isEqualTo((int) reference(codes, cols, o, d, q * cols));
            }
          }
          assertThat(w.blocksFourRows()).isTrue();
          int[] four = new int[4 * stride];
          w.accumulateFourRows(d, 0, four, 0);
          for (int q = 0; q < 4; q++) {
            for (int o = 0; o < rows; o++) {
              assertThat(four[q * stride + o]).isEqualTo((int) reference(codes, cols, o, d, q * cols));
            }
          }
        }
      }
    }
  }
}
