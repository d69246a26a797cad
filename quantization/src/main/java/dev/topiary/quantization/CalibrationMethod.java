package dev.topiary.quantization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.topiary.quantization.calibration.EntropyThreshold;
import dev.topiary.quantization.calibration.MinMaxThreshold;
import dev.topiary.quantization.calibration.MseThreshold;
import dev.topiary.quantization.calibration.PercentileThreshold;
import dev.topiary.quantization.calibration.ThresholdSearch;
import java.util.Arrays;
import java.util.Locale;

/** How activation ranges are calibrated from their histograms. */
public enum CalibrationMethod {
  /** The observed minimum and maximum: nothing clipped. */
  MINMAX,
  /** The given percentile of the magnitudes (default 99.99). */
  PERCENTILE,
  /** TensorRT's KL-divergence threshold search (2048 bins, 128 levels). */
  ENTROPY,
  /** The range of least expected squared quantization error. */
  MSE;

  /** The name a recipe writes: {@code minmax}, {@code percentile}, {@code entropy} or {@code mse}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The threshold search of this method; {@code percentile} is used by {@link #PERCENTILE} only. */
  public ThresholdSearch search(double percentile) {
    return switch (this) {
      case MINMAX -> new MinMaxThreshold();
      case PERCENTILE -> new PercentileThreshold(percentile);
      case ENTROPY -> new EntropyThreshold();
      case MSE -> new MseThreshold();
    };
  }

  /**
   * Reads a recipe name.
   *
   * @throws IllegalArgumentException naming the known values if {@code name} is none of them
   */
  @JsonCreator
  public static CalibrationMethod fromRecipeName(String name) {
    for (CalibrationMethod value : values()) {
      if (value.recipeName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("calibration must be one of "
        + Arrays.stream(values()).map(CalibrationMethod::recipeName).toList() + ", got '" + name + "'");
  }
}
