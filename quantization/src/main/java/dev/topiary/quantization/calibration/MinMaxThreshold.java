package dev.topiary.quantization.calibration;

/** The largest magnitude observed: nothing is clipped, outliers stretch the steps. */
public final class MinMaxThreshold implements ThresholdSearch {

  /** The search; it has no parameters. */
  public MinMaxThreshold() {}

  @Override
  public double threshold(Histogram magnitudes, int levels) {
    return magnitudes.observedMax();
  }
}
