package dev.topiary.pipeline.run;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Meter;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import java.util.List;

/** Measures a model after the baseline and after every stage; normally the {@link Meter}. */
@FunctionalInterface
public interface ModelMeasurer {

  /** The one meter every run uses. */
  ModelMeasurer METER = Meter::measure;

  /** Measures {@code model} on {@code test}; the model stays the caller's. */
  Metrics measure(ModelHandle model, Dataset test, MeterSettings settings);

  /**
   * The class {@code model} predicts for every row of {@code test} (the arg-max of its
   * probabilities), for the regression figures against the baseline; null if this measurer cannot
   * tell (then no regression figures are reported). The real meter's answer.
   */
  default int[] predictions(ModelHandle model, Dataset test) {
    return Predictions.of(model, test);
  }

  /**
   * Measures {@code model}'s batch-1 latency once more, for the run-to-run variation of
   * {@code topiary compare --repeat N}, and returns its median in µs. This asks {@link #measure}
   * with the warm-up, iteration and thread settings of {@code settings} and batch size 1 only (the
   * meter has no latency-only entry point, so it measures size and accuracy again too).
   */
  default double batch1P50Micros(ModelHandle model, Dataset test, MeterSettings settings) {
    MeterSettings batch1 = new MeterSettings(List.of(1), settings.warmup(), settings.warmupMillis(),
        settings.iterations(), settings.threads());
    LatencyStats stats = measure(model, test, batch1).latency().get("batch1");
    if (stats == null) {
      throw new IllegalStateException("the measurer timed no batch of 1 although it was asked to");
    }
    return stats.p50Micros();
  }
}
