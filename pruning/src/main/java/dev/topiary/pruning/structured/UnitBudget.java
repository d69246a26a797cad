package dev.topiary.pruning.structured;

/**
 * How many units to remove from one layer: a fraction of its units or a fixed count, never both.
 *
 * <p>A fraction removes {@code round(fraction × units)} units, half to even, as
 * {@code torch.nn.utils.prune.ln_structured} does ({@link dev.topiary.pruning.PruningAmount#countOf}):
 * 0.6 of 6 units removes 4, 0.5 of 5 removes 2. Either way the layer keeps at least
 * {@link StructuredPruningPlan#minUnits()} units.
 *
 * @param fraction the fraction of the layer's units to remove, in [0, 1), or null
 * @param count the number of units to remove, at least 0 and less than the layer's units, or null
 */
public record UnitBudget(Double fraction, Integer count) {

  /**
   * Validates the budget.
   *
   * @throws IllegalArgumentException if both or neither are set, or a value is out of range
   */
  public UnitBudget {
    if (fraction != null && count != null) {
      throw new IllegalArgumentException("give either fraction or count, not both (got fraction " + fraction
          + " and count " + count + ")");
    }
    if (fraction == null && count == null) {
      throw new IllegalArgumentException("give fraction or count: neither is set");
    }
    if (fraction != null && !(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1), got " + fraction);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
  }

  /** Removes {@code round(fraction × units)} units, half to even. */
  public static UnitBudget ofFraction(double fraction) {
    return new UnitBudget(fraction, null);
  }

  /** Removes {@code count} units. */
  public static UnitBudget ofCount(int count) {
    return new UnitBudget(null, count);
  }

  /**
   * The number of units to remove from a layer of {@code units} units, before the
   * {@code minUnits} floor.
   *
   * @throws IllegalArgumentException if a count is not less than {@code units}
   */
  int unitsToRemove(int layerIndex, int units) {
    if (count != null) {
      if (count >= units) {
        throw new IllegalArgumentException("count " + count + " must be less than the " + units
            + " units of layer " + layerIndex);
      }
      return count;
    }
    return Math.toIntExact(dev.topiary.pruning.PruningAmount.countOf(fraction, units));
  }
}
