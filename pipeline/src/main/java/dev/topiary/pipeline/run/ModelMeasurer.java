package dev.topiary.pipeline.run;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Meter;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;

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
}
