package dev.topiary.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Converts DL4J's data ({@link DataSet}, {@link DataSetIterator}) into Topiary's {@link Dataset},
 * so every library entry point can take either.
 *
 * <p>Features of rank 2 ({@code examples × features}) are taken as they are; features of rank 4
 * ({@code examples × channels × height × width}, DL4J's convolutional layout) become channel-first
 * rows with that {@link FeatureShape}. Labels must be one-hot (or probability) rows; the label of an
 * example is the index of its largest entry, the first on ties. Masks (for time series) are not
 * supported. The caller's arrays are copied, never changed or closed.
 */
public final class Datasets {

  private Datasets() {}

  /**
   * All examples of one DL4J {@link DataSet}.
   *
   * @throws IllegalArgumentException if the data set is null or empty, or its arrays have a shape
   *     Topiary cannot take (see the class comment)
   */
  public static Dataset from(DataSet data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    Part part = part(data, "the data set");
    if (part.rows() == 0) {
      throw new IllegalArgumentException("the data set has no examples");
    }
    return new Dataset(part.features(), part.labels(), part.featureCount(), part.classCount(), part.shape(),
        List.of());
  }

  /**
   * Every example of one pass over {@code iterator}, in its order. The iterator is reset first if it
   * supports it, and reset again afterwards, so it can go on being used for training. The iterator's
   * label names become the class names when their number matches the classes.
   *
   * @throws IllegalArgumentException if the iterator is null or yields no examples, or its batches
   *     disagree in shape
   */
  public static Dataset from(DataSetIterator iterator) {
    if (iterator == null) {
      throw new IllegalArgumentException("iterator must not be null");
    }
    if (iterator.resetSupported()) {
      iterator.reset();
    }
    List<Part> parts = new ArrayList<>();
    int batch = 0;
    while (iterator.hasNext()) {
      Part part = part(iterator.next(), "batch " + batch);
      if (!parts.isEmpty()) {
        Part first = parts.get(0);
        if (part.featureCount() != first.featureCount() || part.classCount() != first.classCount()) {
          throw new IllegalArgumentException("batch " + batch + " has " + part.featureCount() + " features and "
              + part.classCount() + " label columns, batch 0 has " + first.featureCount() + " and "
              + first.classCount());
        }
      }
      parts.add(part);
      batch++;
    }
    if (iterator.resetSupported()) {
      iterator.reset();
    }
    int rows = parts.stream().mapToInt(Part::rows).sum();
    if (rows == 0) {
      throw new IllegalArgumentException("the iterator yields no examples");
    }
    Part first = parts.get(0);
    float[] features = new float[Math.multiplyExact(rows, first.featureCount())];
    int[] labels = new int[rows];
    int row = 0;
    for (Part part : parts) {
      System.arraycopy(part.features(), 0, features, row * first.featureCount(), part.features().length);
      System.arraycopy(part.labels(), 0, labels, row, part.rows());
      row += part.rows();
    }
    List<String> names = iterator.getLabels();
    List<String> classNames = names != null && names.size() == first.classCount() ? names : List.of();
    return new Dataset(features, labels, first.featureCount(), first.classCount(), first.shape(), classNames);
  }

  private record Part(float[] features, int[] labels, int featureCount, int classCount, FeatureShape shape) {
    int rows() {
      return labels.length;
    }
  }

  private static Part part(DataSet data, String where) {
    INDArray features = data.getFeatures();
    INDArray labels = data.getLabels();
    if (features == null || labels == null) {
      throw new IllegalArgumentException(where + " must have features and labels");
    }
    if (data.getFeaturesMaskArray() != null || data.getLabelsMaskArray() != null) {
      throw new IllegalArgumentException(where + " has mask arrays; time series are not supported");
    }
    long[] shape = features.shape();
    FeatureShape imageShape;
    if (shape.length == 2) {
      imageShape = null;
    } else if (shape.length == 4) {
      imageShape = new FeatureShape(Math.toIntExact(shape[1]), Math.toIntExact(shape[2]), Math.toIntExact(shape[3]));
    } else {
      throw new IllegalArgumentException(where + ": features must have rank 2 (examples × features) or 4"
          + " (examples × channels × height × width), got shape " + Arrays.toString(shape));
    }
    if (labels.rank() != 2 || labels.size(0) != shape[0]) {
      throw new IllegalArgumentException(where + ": labels must be one row per example (" + shape[0]
          + " × classes), got shape " + Arrays.toString(labels.shape()));
    }
    int rows = Math.toIntExact(shape[0]);
    int featureCount = Math.toIntExact(features.length() / Math.max(1, shape[0]));
    int classCount = Math.toIntExact(labels.size(1));
    float[] flat;
    try (INDArray contiguous = features.dup('c')) {
      flat = contiguous.data().asFloat();
    }
    float[] labelValues;
    try (INDArray contiguous = labels.dup('c')) {
      labelValues = contiguous.data().asFloat();
    }
    int[] classes = new int[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int c = 1; c < classCount; c++) {
        if (labelValues[r * classCount + c] > labelValues[r * classCount + best]) {
          best = c;
        }
      }
      classes[r] = best;
    }
    return new Part(flat, classes, featureCount, classCount, imageShape);
  }
}
