package dev.topiary.core.data;

import java.util.List;

/** Joins an IDX image file and its label file into a {@link Dataset} of pixels scaled to [0, 1]. */
final class LabelledImages {

  private LabelledImages() {}

  /**
   * Builds the dataset of {@code images} labelled by {@code labels}.
   *
   * @param imagesName names the image file in errors
   * @param labelsName names the label file in errors
   * @param classCount the number of classes; every label must be below it
   * @param classNames one name per class, or empty
   * @throws DataException if the counts differ or a label is out of range
   */
  static Dataset toDataset(IdxImages images, String imagesName, int[] labels, String labelsName, int classCount,
      List<String> classNames) throws DataException {
    if (labels.length != images.count()) {
      throw new DataException(labelsName + ": has " + labels.length + " labels, but " + imagesName + " has "
          + images.count() + " images");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classCount) {
        throw new DataException(labelsName + ": label " + labels[i] + " at index " + i + " is out of range [0, "
            + classCount + ")");
      }
    }
    return new Dataset(images.scaledPixels(), labels, images.imageSize(), classCount,
        new FeatureShape(1, images.rows(), images.columns()), classNames);
  }
}
