package dev.topiary.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BiasCorrectionTest {

  /** Mean over the inputs of each output of {@code W·x + b}. */
  private static double[] meanOutput(float[] w, float[] b, float[] x, int rows, int cols, int examples) {
    double[] mean = new double[rows];
    for (int n = 0; n < examples; n++) {
      for (int o = 0; o < rows; o++) {
        double y = b[o];
        for (int i = 0; i < cols; i++) {
          y += (double) w[o * cols + i] * x[n * cols + i];
        }
        mean[o] += y / examples;
      }
    }
    return mean;
  }

  @Test
  void removesTheShiftThatRoundingTheWeightsCauses() {
    // Scale 1.27 / 127 = 0.01; every other weight sits 0.4 of a step above a code, so it rounds
    // down by 0.004 and each output shifts by −0.004·Σ E[x] of its rounded weights.
    int rows = 2;
    int cols = 3;
    float[] w = {1.27f, 0.544f, 0.334f, -1.27f, 0.244f, 0.644f};
    QuantizedWeights q = QuantizedWeights.quantize(w, rows, WeightGranularity.PER_TENSOR);
    assertThat(q.scales()).containsExactly(0.01f);
    float[] wq = q.dequantize();
    float[] x = {1f, 2f, 3f, 3f, 4f, 5f, -1f, 0f, 1f, 5f, 6f, 7f};
    float[] b = {0.5f, -0.25f};
    float[] mean = BiasCorrection.mean(x, 4, cols);
    assertThat(mean).containsExactly(2f, 3f, 4f);
    float[] shift = BiasCorrection.expectedShift(w, wq, rows, mean);
    assertThat((double) shift[0]).isCloseTo(-0.004 * 3 - 0.004 * 4, within(1e-6));
    assertThat((double) shift[1]).isCloseTo(-0.004 * 3 - 0.004 * 4, within(1e-6));
    assertThat(Math.abs(shift[0])).isGreaterThan(1e-3f);
    float[] corrected = BiasCorrection.correct(b, shift);

    double[] reference = meanOutput(w, b, x, rows, cols, 4);
    double[] before = meanOutput(wq, b, x, rows, cols, 4);
    double[] after = meanOutput(wq, corrected, x, rows, cols, 4);
    for (int o = 0; o < rows; o++) {
      assertThat(Math.abs(before[o] - reference[o])).as("shift before, output %d", o).isGreaterThan(1e-3);
      assertThat(after[o]).as("output %d", o).isCloseTo(reference[o], within(1e-6));
    }
  }

  @Test
  void badSizesAreNamed() {
    assertThatThrownBy(() -> BiasCorrection.expectedShift(new float[6], new float[6], 2, new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights and quantized weights must both be 2 × 2 (rows × input mean length), got 6 and 6 values");
    assertThatThrownBy(() -> BiasCorrection.correct(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bias and shift must have the same length, got 2 and 3");
  }
}
