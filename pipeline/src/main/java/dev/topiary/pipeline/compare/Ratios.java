package dev.topiary.pipeline.compare;

import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import java.util.Locale;

/**
 * The one reading convention of Topiary's tables: sizes as "N× smaller" ({@code baseline / model},
 * so 4.00× means a quarter of the bytes), latency as "N× faster" ({@code baseline p50 / model p50},
 * so above 1 is faster, below 1 slower), accuracy change in percentage points ({@code +0.35 pt}).
 * A latency ratio whose p50–p95 ranges of model and baseline overlap is shown as
 * {@link #NO_MEASURABLE_CHANGE}, not as a number that looks like a gain or a loss.
 */
public final class Ratios {

  /** The legend line printed under every comparison table. */
  public static final String LEGEND = "Legend: size and latency as ×-factors of the baseline: \"× smaller\" = "
      + "baseline bytes / model bytes, \"× faster\" = baseline p50 / model p50 (above 1 = better); "
      + "\"≈\" = the p50–p95 ranges overlap, no measurable change; accuracy change in percentage points "
      + "(pt) of top-1 accuracy on the test split.";

  /** What a latency ratio within the noise is shown as. */
  public static final String NO_MEASURABLE_CHANGE = "≈";

  private Ratios() {}

  /** {@code 4.00×}: how many times smaller {@code value} is than {@code base}, or {@code –} if undefined. */
  public static String smaller(double value, double base) {
    return value <= 0 || base <= 0 || Double.isNaN(value) || Double.isNaN(base) ? "–"
        : String.format(Locale.ROOT, "%.2f×", base / value);
  }

  /**
   * {@code 1.80×}: how many times faster the model's median is than the baseline's, or
   * {@link #NO_MEASURABLE_CHANGE} if the p50–p95 ranges of the two overlap, or {@code –} if either
   * is missing.
   */
  public static String faster(LatencyStats model, LatencyStats base) {
    if (model == null || base == null || model.p50Micros() <= 0 || base.p50Micros() <= 0) {
      return "–";
    }
    if (overlaps(model, base)) {
      return NO_MEASURABLE_CHANGE;
    }
    return String.format(Locale.ROOT, "%.2f×", base.p50Micros() / model.p50Micros());
  }

  /** The legend line added under a comparison table when every model was measured several times. */
  public static String repeatLegend(int repeats) {
    return "Run-to-run: the smallest and largest batch-1 p50 of " + repeats + " measurements of each model "
        + "(--repeat " + repeats + "), and in brackets the range of \"× faster\" they allow; \"≈\" also when "
        + "that range includes 1.";
  }

  /**
   * {@link #faster(LatencyStats, LatencyStats)} that also shows {@link #NO_MEASURABLE_CHANGE} when the
   * run-to-run ranges of the batch-1 medians overlap, followed by the range of the ratio those
   * medians allow, e.g. {@code 2.00× (1.90–2.10)}; without repeats (either null) the plain ratio.
   */
  public static String faster(LatencyStats model, LatencyStats base, LatencyRepeats modelRuns,
      LatencyRepeats baseRuns) {
    String plain = faster(model, base);
    if (modelRuns == null || baseRuns == null) {
      return plain;
    }
    double[] range = modelRuns.fasterRange(baseRuns);
    String shown = plain.equals("–") || !modelRuns.overlaps(baseRuns) ? plain : NO_MEASURABLE_CHANGE;
    return shown + String.format(Locale.ROOT, " (%.2f–%.2f)", range[0], range[1]);
  }

  /** {@code 24.0–26.5}: the smallest and largest batch-1 median of the repeats in µs, or {@code –}. */
  public static String runToRun(LatencyRepeats runs) {
    return runs == null ? "–" : String.format(Locale.ROOT, "%.1f–%.1f", runs.min(), runs.max());
  }

  /** True if {@code [p50, p95]} of the two overlap: the difference is within the measured spread. */
  public static boolean overlaps(LatencyStats a, LatencyStats b) {
    return a.p50Micros() <= Math.max(b.p95Micros(), b.p50Micros())
        && b.p50Micros() <= Math.max(a.p95Micros(), a.p50Micros());
  }

  /** {@code +0.35 pt}: the accuracy change in percentage points. */
  public static String points(double accuracy, double baseAccuracy) {
    return String.format(Locale.ROOT, "%+.2f pt", 100 * (accuracy - baseAccuracy));
  }

  /** The batch-1 median in µs, or NaN if batch 1 was not timed. */
  public static double batch1Micros(Metrics metrics) {
    LatencyStats stats = metrics.latency().get("batch1");
    return stats == null ? Double.NaN : stats.p50Micros();
  }

  /** {@code 296.9 / 310.2}: p50 and p95 in µs, or {@code –}. */
  public static String p50p95(LatencyStats stats) {
    return stats == null ? "–" : String.format(Locale.ROOT, "%.1f / %.1f", stats.p50Micros(), stats.p95Micros());
  }
}
