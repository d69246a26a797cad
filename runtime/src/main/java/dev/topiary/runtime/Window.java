package dev.topiary.runtime;

/**
 * The window of a convolution or pooling layer: kernel size, stride and explicit padding on each
 * side (DL4J's {@code Same} mode pads {@code total / 2} at the top/left and the rest at the
 * bottom/right). Build one with {@code Window.of(3, 3).stride(2, 2).pad(1, 1, 1, 1)}.
 *
 * @param kernelHeight rows of the kernel, at least 1
 * @param kernelWidth columns of the kernel, at least 1
 * @param strideHeight vertical step, at least 1
 * @param strideWidth horizontal step, at least 1
 * @param padTop zero rows added above, at least 0
 * @param padLeft zero columns added on the left, at least 0
 * @param padBottom zero rows added below, at least 0
 * @param padRight zero columns added on the right, at least 0
 */
public record Window(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padTop,
    int padLeft, int padBottom, int padRight) {

  /** The largest kernel size, stride or padding the runtime accepts. */
  public static final int MAX_EXTENT = 4096;

  /** Validates every value. */
  public Window {
    check("kernelHeight", kernelHeight, 1);
    check("kernelWidth", kernelWidth, 1);
    check("strideHeight", strideHeight, 1);
    check("strideWidth", strideWidth, 1);
    check("padTop", padTop, 0);
    check("padLeft", padLeft, 0);
    check("padBottom", padBottom, 0);
    check("padRight", padRight, 0);
  }

  /** A {@code height × width} window with stride 1 and no padding. */
  public static Window of(int height, int width) {
    return new Window(height, width, 1, 1, 0, 0, 0, 0);
  }

  /** This window with another stride. */
  public Window stride(int height, int width) {
    return new Window(kernelHeight, kernelWidth, height, width, padTop, padLeft, padBottom, padRight);
  }

  /** This window with other padding. */
  public Window pad(int top, int left, int bottom, int right) {
    return new Window(kernelHeight, kernelWidth, strideHeight, strideWidth, top, left, bottom, right);
  }

  /** Output rows for {@code height} input rows (floor division, as DL4J's truncate mode), or ≤ 0 if none fit. */
  int outputHeight(int height) {
    long padded = (long) height + padTop + padBottom - kernelHeight;
    return padded < 0 ? 0 : (int) (padded / strideHeight + 1);
  }

  /** Output columns for {@code width} input columns, or ≤ 0 if none fit. */
  int outputWidth(int width) {
    long padded = (long) width + padLeft + padRight - kernelWidth;
    return padded < 0 ? 0 : (int) (padded / strideWidth + 1);
  }

  private static void check(String name, int value, int min) {
    if (value < min || value > MAX_EXTENT) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + MAX_EXTENT + "], got " + value);
    }
  }

  @Override
  public String toString() {
    return kernelHeight + "x" + kernelWidth + " stride " + strideHeight + "x" + strideWidth + " pad " + padTop + ","
        + padLeft + "," + padBottom + "," + padRight;
  }
}
