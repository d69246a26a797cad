package dev.topiary.quantization.calibration;

/**
 * Chooses a clipping threshold {@code T} for one side of a tensor's values from their magnitude
 * histogram: values beyond {@code T} saturate, values within are rounded to {@code levels} steps
 * of {@code T / levels}.
 */
public interface ThresholdSearch {

  /**
   * The threshold for values with the given magnitude histogram, in the histogram's units; 0 for
   * an empty histogram, never above its observed maximum.
   *
   * @param magnitudes the histogram of the side's magnitudes
   * @param levels the number of quantization steps between 0 and the threshold (127 for int8,
   *     255 for a one-sided uint8 range)
   */
  double threshold(Histogram magnitudes, int levels);
}
