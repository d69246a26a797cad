package dev.topiary.quantization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How activations are quantized: asymmetric uint8 with a zero point, or symmetric int8. */
public enum ActivationScheme {
  /** uint8 codes over a calibrated {@code [lo, hi]} that includes 0 (a zero point): the default. */
  ASYMMETRIC,
  /** int8 codes over {@code [-T, T]}, zero point 0. */
  SYMMETRIC;

  /** The name a recipe writes: {@code asymmetric} or {@code symmetric}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a recipe name.
   *
   * @throws IllegalArgumentException naming the known values if {@code name} is none of them
   */
  @JsonCreator
  public static ActivationScheme fromRecipeName(String name) {
    for (ActivationScheme value : values()) {
      if (value.recipeName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("activations must be one of "
        + Arrays.stream(values()).map(ActivationScheme::recipeName).toList() + ", got '" + name + "'");
  }
}
