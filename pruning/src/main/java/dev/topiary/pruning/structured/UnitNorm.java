package dev.topiary.pruning.structured;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a unit's incoming weights are reduced to one number when ranking units for removal: the
 * unit with the smallest norm goes first. A unit whose weights are all zero has norm 0 under both.
 */
public enum UnitNorm {
  /** Sum of absolute values. */
  L1,
  /**
   * Square root of the sum of squares. (Li et al., "Pruning Filters for Efficient ConvNets", 2017,
   * rank filters by L1; L2 is the common alternative and this stage's default.)
   */
  L2;

  /** One value's contribution to the norm before {@link #finish}: |v| for L1, v² for L2. */
  double term(double value) {
    return this == L1 ? Math.abs(value) : value * value;
  }

  /** Turns a sum of {@link #term}s into the norm. */
  double finish(double sumOfTerms) {
    return this == L1 ? sumOfTerms : Math.sqrt(sumOfTerms);
  }

  /** The name as a recipe writes it: {@code l1} or {@code l2}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a recipe value, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the known norms
   */
  @JsonCreator
  public static UnitNorm parse(String value) {
    for (UnitNorm norm : values()) {
      if (norm.name().equalsIgnoreCase(value)) {
        return norm;
      }
    }
    throw new IllegalArgumentException("norm must be one of " + Arrays.stream(values()).map(UnitNorm::recipeName).toList()
        + ", got '" + value + "'");
  }
}
