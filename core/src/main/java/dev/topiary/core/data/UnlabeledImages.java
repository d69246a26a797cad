package dev.topiary.core.data;

import java.nio.file.Path;

/**
 * Images without labels, read from one IDX image file (gzipped or not), with pixels scaled to
 * {@code [0, 1]} like every image source of Topiary: an unlabeled transfer set for distillation.
 *
 * @param pixels {@code count × height × width} scaled pixels, image after image, row-major
 * @param count number of images
 * @param shape the shape of one image (one channel)
 */
public record UnlabeledImages(float[] pixels, int count, FeatureShape shape) {

  /** Checks the sizes agree. */
  public UnlabeledImages {
    if (shape == null || (long) count * shape.size() != pixels.length) {
      throw new IllegalArgumentException(count + " images of shape " + shape + " need "
          + (shape == null ? "?" : (long) count * shape.size()) + " pixels, got " + pixels.length);
    }
  }

  /**
   * Reads an IDX image file.
   *
   * @throws DataException naming the file if it is missing, unreadable or not an IDX image file
   */
  public static UnlabeledImages read(Path file) throws DataException {
    IdxImages images = IdxReader.readImages(file);
    return new UnlabeledImages(images.scaledPixels(), images.count(),
        new FeatureShape(1, images.rows(), images.columns()));
  }

  /** Features per image: {@code height × width}. */
  public int featureCount() {
    return shape.size();
  }
}
