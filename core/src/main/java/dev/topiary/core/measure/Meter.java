package dev.topiary.core.measure;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;

/** The one place that measures a model: size, latency, accuracy. */
public final class Meter {

  private Meter() {}

  /** Measures {@code model} on {@code test} with {@code settings}. */
  public static Metrics measure(ModelHandle model, Dataset test, MeterSettings settings) {
    throw new UnsupportedOperationException("TODO(helper B)");
  }
}
