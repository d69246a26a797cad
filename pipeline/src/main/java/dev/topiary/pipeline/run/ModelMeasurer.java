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
}
