package dev.topiary.quantization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How many scales a layer's int8 weights get: one per output channel, or one for the whole tensor. */
public enum WeightGranularity {
  /** One scale per output channel (dense output unit, convolution filter): the accurate default. */
  PER_CHANNEL,
  /** One scale for the whole weight tensor. */
  PER_TENSOR;

  /** The name a recipe writes: {@code per-channel} or {@code per-tensor}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a recipe name.
   *
   * @throws IllegalArgumentException naming the known values if {@code name} is none of them
   */
  @JsonCreator
  public static WeightGranularity fromRecipeName(String name) {
    for (WeightGranularity value : values()) {
      if (value.recipeName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("weights must be one of "
        + Arrays.stream(values()).map(WeightGranularity::recipeName).toList() + ", got '" + name + "'");
  }
}
