package dev.topiary.distillation;

import dev.topiary.core.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The examples a student is distilled on: features in heap memory, with or without class labels.
 *
 * <p>Without labels the loss is the soft-target term alone and the trainer requires
 * {@code alpha = 1}. Features are row-major floats, {@code rows × featureCount}, flat and
 * channel-first for images, the same form {@link Dataset} and Topiary's {@code Inference} use.
 */
public final class TransferSet {

  private final float[] features;
  private final int featureCount;
  private final int[] labels;

  private TransferSet(float[] features, int featureCount, int[] labels) {
    if (featureCount <= 0) {
      throw new IllegalArgumentException("featureCount must be positive, got " + featureCount);
    }
    if (features.length % featureCount != 0) {
      throw new IllegalArgumentException(features.length + " feature values are not a whole number of rows of "
          + featureCount);
    }
    if (labels != null && labels.length * (long) featureCount != features.length) {
      throw new IllegalArgumentException(labels.length + " labels for " + features.length / featureCount + " rows");
    }
    this.features = features;
    this.featureCount = featureCount;
    this.labels = labels;
  }

  /** The examples of {@code data} with their labels; the features are shared, not copied. */
  public static TransferSet labelled(Dataset data) {
    return new TransferSet(data.features(), data.featureCount(), data.labels());
  }

  /** The examples of {@code data} without their labels; the features are shared, not copied. */
  public static TransferSet unlabeled(Dataset data) {
    return new TransferSet(data.features(), data.featureCount(), null);
  }

  /**
   * Unlabeled examples, row-major; the array is taken as it is, not copied.
   *
   * @throws IllegalArgumentException if {@code features} is not a whole number of rows
   */
  public static TransferSet unlabeled(float[] features, int featureCount) {
    return new TransferSet(features, featureCount, null);
  }

  /**
   * Reads every batch of {@code iterator} once (after a reset, if it supports one) into heap
   * memory. Labels are kept if every batch has them (one-hot rows; the arg-max is taken), otherwise
   * the set is unlabeled. The iterator's arrays are not closed: they stay the caller's.
   *
   * @throws IllegalArgumentException if the iterator is empty or its batches disagree on the feature count
   */
  public static TransferSet from(DataSetIterator iterator) {
    if (iterator.resetSupported()) {
      iterator.reset();
    }
    List<float[]> featureParts = new ArrayList<>();
    List<int[]> labelParts = new ArrayList<>();
    boolean labelled = true;
    int featureCount = -1;
    long rows = 0;
    while (iterator.hasNext()) {
      DataSet batch = iterator.next();
      INDArray f = batch.getFeatures();
      int n = Math.toIntExact(f.size(0));
      int width = Math.toIntExact(f.length() / n);
      if (featureCount >= 0 && width != featureCount) {
        throw new IllegalArgumentException("the transfer batches disagree on the feature count: " + featureCount
            + " and " + width);
      }
      featureCount = width;
      featureParts.add(f.castTo(DataType.FLOAT).dup('c').data().asFloat());
      INDArray l = batch.getLabels();
      if (l == null) {
        labelled = false;
      } else if (labelled) {
        int[] part = new int[n];
        INDArray argMax = l.argMax(1);
        for (int i = 0; i < n; i++) {
          part[i] = argMax.getInt(i);
        }
        argMax.close();
        labelParts.add(part);
      }
      rows += n;
    }
    if (rows == 0) {
      throw new IllegalArgumentException("the transfer set iterator gave no examples");
    }
    float[] features = new float[Math.toIntExact(rows * featureCount)];
    int at = 0;
    for (float[] part : featureParts) {
      System.arraycopy(part, 0, features, at, part.length);
      at += part.length;
    }
    int[] labels = null;
    if (labelled) {
      labels = new int[Math.toIntExact(rows)];
      at = 0;
      for (int[] part : labelParts) {
        System.arraycopy(part, 0, labels, at, part.length);
        at += part.length;
      }
    }
    return new TransferSet(features, featureCount, labels);
  }

  /** Number of examples. */
  public int rows() {
    return features.length / featureCount;
  }

  /** Number of features per example. */
  public int featureCount() {
    return featureCount;
  }

  /** True if every example has a class label. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** The label of {@code row}; only for a labelled set. */
  int label(int row) {
    return labels[row];
  }

  /** The largest label plus one, or 0 if unlabeled. */
  int labelBound() {
    int max = -1;
    if (labels != null) {
      for (int label : labels) {
        max = Math.max(max, label);
      }
    }
    return max + 1;
  }

  /** A copy of rows {@code [from, to)}. */
  float[] rows(int from, int to) {
    float[] out = new float[(to - from) * featureCount];
    System.arraycopy(features, from * featureCount, out, 0, out.length);
    return out;
  }

  /** The feature array itself; not to be written to. */
  float[] features() {
    return features;
  }
}
