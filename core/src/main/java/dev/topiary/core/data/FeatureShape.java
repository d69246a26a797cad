package dev.topiary.core.data;

/**
 * The shape of one example when it is an image: channels × height × width, flattened channel-first
 * into a feature row.
 */
public record FeatureShape(int channels, int height, int width) {

  /** Validates that every dimension is positive. */
  public FeatureShape {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
  }

  /** Number of features in one flattened example. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
