package dev.topiary.pipeline.compare;

import java.util.List;

/**
 * The run-to-run variation of one model's batch-1 latency: its batch-1 median measured
 * {@code topiary compare --repeat N} times ({@code N ≥ 2}), the first value being the one in its
 * metrics. Two models whose ranges of medians overlap differ by no more than the measurements do
 * from one run to the next.
 *
 * @param batch1P50Micros the batch-1 median of each measurement, in microseconds, in the order measured
 */
public record LatencyRepeats(List<Double> batch1P50Micros) {

  /** Validates the values and copies the list. */
  public LatencyRepeats {
    if (batch1P50Micros == null || batch1P50Micros.size() < 2) {
      throw new IllegalArgumentException("run-to-run variation needs at least 2 measurements, got "
          + (batch1P50Micros == null ? 0 : batch1P50Micros.size()));
    }
    for (Double value : batch1P50Micros) {
      if (value == null || !(value > 0) || value.isInfinite()) {
        throw new IllegalArgumentException("every batch-1 median must be a positive number of µs, got "
            + batch1P50Micros);
      }
    }
    batch1P50Micros = List.copyOf(batch1P50Micros);
  }

  /** How many times the model was measured. */
  public int count() {
    return batch1P50Micros.size();
  }

  /** The smallest batch-1 median, in µs. */
  public double min() {
    return batch1P50Micros.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  /** The largest batch-1 median, in µs. */
  public double max() {
    return batch1P50Micros.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** True if the {@code [min, max]} ranges of the two overlap: the ratio's range includes 1. */
  public boolean overlaps(LatencyRepeats other) {
    return min() <= other.max() && other.min() <= max();
  }

  /**
   * The range of "× faster" ({@code base p50 / model p50}) this model's medians allow against
   * {@code base}'s: {@code [base.min / max, base.max / min]}.
   */
  public double[] fasterRange(LatencyRepeats base) {
    return new double[] {base.min() / max(), base.max() / min()};
  }
}
