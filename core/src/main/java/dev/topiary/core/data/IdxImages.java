package dev.topiary.core.data;

/**
 * The content of an IDX image file: {@code count} grey-scale images of {@code rows × columns}
 * unsigned bytes, image after image, row-major.
 *
 * @param count number of images
 * @param rows height of one image in pixels
 * @param columns width of one image in pixels
 * @param pixels {@code count × rows × columns} pixels, each an unsigned byte (0 is background)
 */
record IdxImages(int count, int rows, int columns, byte[] pixels) {

  /** Checks that the pixel array holds exactly {@code count} images of the given size. */
  IdxImages {
    if (count < 0 || rows <= 0 || columns <= 0) {
      throw new IllegalArgumentException("IDX images need count >= 0 and positive rows and columns, got "
          + count + " images of " + rows + "x" + columns);
    }
    if ((long) count * rows * columns != pixels.length) {
      throw new IllegalArgumentException(count + " images of " + rows + "x" + columns + " need "
          + ((long) count * rows * columns) + " pixels, got " + pixels.length);
    }
  }

  /** Number of pixels in one image. */
  int imageSize() {
    return rows * columns;
  }

  /** The pixels of every image scaled to {@code [0, 1]} ({@code value / 255}), row-major. */
  float[] scaledPixels() {
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      scaled[i] = (pixels[i] & 0xFF) / 255f;
    }
    return scaled;
  }

  /** A new image set of the images at {@code indices}, in that order. */
  IdxImages select(int[] indices) {
    int size = imageSize();
    byte[] out = new byte[indices.length * size];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * size, out, i * size, size);
    }
    return new IdxImages(indices.length, rows, columns, out);
  }
}
