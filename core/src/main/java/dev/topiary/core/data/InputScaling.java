package dev.topiary.core.data;

/**
 * How a data source turned raw values into features, {@code feature = (raw - offset[i]) /
 * divisor[i]} per column: pixels divided by 255, or a CSV source's {@code minmax}/{@code standardize}
 * statistics of the training split. A deployed model applies it to raw rows.
 *
 * @param offset one value per feature, subtracted first
 * @param divisor one positive value per feature, divided by next
 */
public record InputScaling(float[] offset, float[] divisor) {

  /** Validates that both have one finite value per feature and the divisors are positive. */
  public InputScaling {
    if (offset == null || divisor == null || offset.length != divisor.length || offset.length == 0) {
      throw new IllegalArgumentException("input scaling needs one offset and one divisor per feature, got "
          + (offset == null ? "none" : offset.length) + " and " + (divisor == null ? "none" : divisor.length));
    }
    for (int i = 0; i < offset.length; i++) {
      if (!Float.isFinite(offset[i]) || !(divisor[i] > 0) || !Float.isFinite(divisor[i])) {
        throw new IllegalArgumentException("input scaling of feature " + i + " needs a finite offset and a positive "
            + "divisor, got " + offset[i] + " and " + divisor[i]);
      }
    }
    offset = offset.clone();
    divisor = divisor.clone();
  }

  /** 8-bit pixels scaled to [0, 1]: every feature divided by 255. */
  public static InputScaling pixels(int featureCount) {
    float[] offset = new float[featureCount];
    float[] divisor = new float[featureCount];
    java.util.Arrays.fill(divisor, 255f);
    return new InputScaling(offset, divisor);
  }

  /** Number of features. */
  public int size() {
    return offset.length;
  }

  /** A copy of the offsets. */
  @Override
  public float[] offset() {
    return offset.clone();
  }

  /** A copy of the divisors. */
  @Override
  public float[] divisor() {
    return divisor.clone();
  }
}
