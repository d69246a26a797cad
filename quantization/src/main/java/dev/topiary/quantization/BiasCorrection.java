package dev.topiary.quantization;

/**
 * Bias correction (Nagel, van Baalen, Blankevoort, Welling, "Data-Free Quantization Through
 * Weight Equalization and Bias Correction", ICCV 2019): the rounding error of the weights, {@code
 * ε = W_q − W}, shifts a layer's expected output by {@code E[ε·x] = ε·E[x]}; subtracting that
 * shift from the bias makes the quantized layer's mean output equal the float layer's on the
 * calibration inputs. For a convolution, {@code E[x]} is the mean receptive field (im2col patch,
 * padding included) over examples and positions, which makes the correction exact per channel.
 */
public final class BiasCorrection {

  private BiasCorrection() {}

  /**
   * The expected output shift {@code shift[o] = Σ_i (quantized[o·cols + i] − weights[o·cols + i])
   * · inputMean[i]} of a row-major {@code rows × cols} layer.
   *
   * @throws IllegalArgumentException if the sizes disagree
   */
  public static float[] expectedShift(float[] weights, float[] quantized, int rows, float[] inputMean) {
    int cols = inputMean.length;
    if (rows <= 0 || weights.length != (long) rows * cols || quantized.length != weights.length) {
      throw new IllegalArgumentException("weights and quantized weights must both be " + rows + " × " + cols
          + " (rows × input mean length), got " + weights.length + " and " + quantized.length + " values");
    }
    float[] shift = new float[rows];
    for (int o = 0; o < rows; o++) {
      double sum = 0;
      for (int i = 0; i < cols; i++) {
        sum += ((double) quantized[o * cols + i] - weights[o * cols + i]) * inputMean[i];
      }
      shift[o] = (float) sum;
    }
    return shift;
  }

  /**
   * The corrected bias {@code bias[o] − shift[o]}.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static float[] correct(float[] bias, float[] shift) {
    if (bias.length != shift.length) {
      throw new IllegalArgumentException("bias and shift must have the same length, got " + bias.length + " and "
          + shift.length);
    }
    float[] out = new float[bias.length];
    for (int o = 0; o < bias.length; o++) {
      out[o] = bias[o] - shift[o];
    }
    return out;
  }

  /**
   * The column means of a row-major {@code rows × cols} matrix (the mean calibration input).
   *
   * @throws IllegalArgumentException if the sizes disagree
   */
  public static float[] mean(float[] values, int rows, int cols) {
    if (rows <= 0 || cols <= 0 || values.length != (long) rows * cols) {
      throw new IllegalArgumentException(values.length + " values are not " + rows + " rows of " + cols);
    }
    double[] sum = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < cols; i++) {
        sum[i] += values[r * cols + i];
      }
    }
    float[] mean = new float[cols];
    for (int i = 0; i < cols; i++) {
      mean[i] = (float) (sum[i] / rows);
    }
    return mean;
  }
}
