package dev.topiary.quantization;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which int8 kernel a quantized layer gets: the faster of dense and sparse on this machine
 * (timed), or always one of them. The sparse kernel stores and multiplies only non-zero weights.
 */
public enum KernelChoice {
  /** Times both kernels on calibration inputs and keeps the faster (sparse only for layers at least 50 % zeros). */
  AUTO,
  /** Dense int8 for every layer. */
  DENSE,
  /** Sparse (CSR) int8 for every layer. */
  SPARSE;

  /** The name a recipe writes: {@code auto}, {@code dense} or {@code sparse}. */
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
  public static KernelChoice fromRecipeName(String name) {
    for (KernelChoice value : values()) {
      if (value.recipeName().equals(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException("kernels must be one of "
        + Arrays.stream(values()).map(KernelChoice::recipeName).toList() + ", got '" + name + "'");
  }
}
