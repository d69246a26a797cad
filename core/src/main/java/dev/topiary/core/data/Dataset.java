package dev.topiary.core.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled examples in memory: row-major float features ({@code rows × featureCount}) and integer
 * class labels in {@code [0, classCount)}.
 *
 * <p>The dataset takes the arrays it is given without copying (they can be hundreds of megabytes);
 * callers must not change them afterwards, and {@link #features()} is not to be written to.
 */
public final class Dataset {

  private final float[] features;
  private final int[] labels;
  private final int featureCount;
  private final int classCount;
  private final FeatureShape shape;
  private final List<String> classNames;
  private ModelInputs inputs;

  /**
   * Creates a dataset.
   *
   * @param shape the image shape of one row, or null for plain feature vectors
   * @param classNames one name per class, or an empty list
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public Dataset(float[] features, int[] labels, int featureCount, int classCount, FeatureShape shape,
      List<String> classNames) {
    if (featureCount <= 0) {
      throw new IllegalArgumentException("featureCount must be positive, got " + featureCount);
    }
    if (classCount < 2) {
      throw new IllegalArgumentException("classCount must be at least 2, got " + classCount);
    }
    if ((long) labels.length * featureCount != features.length) {
      throw new IllegalArgumentException(labels.length + " labels need " + ((long) labels.length * featureCount)
          + " feature values (" + featureCount + " per row), got " + features.length);
    }
    if (shape != null && shape.size() != featureCount) {
      throw new IllegalArgumentException("image shape " + shape + " has " + shape.size()
          + " values, but rows have " + featureCount + " features");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classCount) {
        throw new IllegalArgumentException("label of row " + i + " must be in [0, " + classCount + "), got " + labels[i]);
      }
    }
    if (!classNames.isEmpty() && classNames.size() != classCount) {
      throw new IllegalArgumentException(classCount + " classes need " + classCount + " names, got " + classNames.size());
    }
    this.features = features;
    this.labels = labels;
    this.featureCount = featureCount;
    this.classCount = classCount;
    this.shape = shape;
    this.classNames = List.copyOf(classNames);
  }

  /** An empty dataset with the same features, classes and {@link #inputs()} as {@code like}. */
  public static Dataset emptyLike(Dataset like) {
    return new Dataset(new float[0], new int[0], like.featureCount, like.classCount, like.shape, like.classNames)
        .withInputs(like.inputs);
  }

  /**
   * This dataset (the same arrays) carrying {@code inputs}: how its raw rows were read and scaled,
   * for whoever saves a model trained on it. Subsets keep it.
   *
   * @throws IllegalArgumentException if {@code inputs} has another feature count
   */
  public Dataset withInputs(ModelInputs inputs) {
    if (inputs != null && inputs.featureCount() != featureCount) {
      throw new IllegalArgumentException("inputs describe " + inputs.featureCount() + " features, the dataset has "
          + featureCount);
    }
    Dataset copy = new Dataset(features, labels, featureCount, classCount, shape, classNames);
    copy.inputs = inputs;
    return copy;
  }

  /** How raw rows become this dataset's rows (CSV sources), if known. */
  public java.util.Optional<ModelInputs> inputs() {
    return java.util.Optional.ofNullable(inputs);
  }

  /** Number of examples. */
  public int rows() {
    return labels.length;
  }

  /** Number of features per example. */
  public int featureCount() {
    return featureCount;
  }

  /** Number of classes. */
  public int classCount() {
    return classCount;
  }

  /** The image shape of one example, or null for plain feature vectors. */
  public FeatureShape shape() {
    return shape;
  }

  /** Class names, or an empty list. */
  public List<String> classNames() {
    return classNames;
  }

  /** The features, row-major; read-only by contract. */
  public float[] features() {
    return features;
  }

  /** The label of row {@code row}. */
  public int label(int row) {
    return labels[row];
  }

  /** A copy of the labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** A copy of rows {@code [from, to)}, row-major. */
  public float[] featureRows(int from, int to) {
    checkRange(from, to);
    float[] out = new float[(to - from) * featureCount];
    System.arraycopy(features, from * featureCount, out, 0, out.length);
    return out;
  }

  /** A new dataset of the given rows, in the given order. */
  public Dataset subset(int[] rowIndices) {
    float[] f = new float[rowIndices.length * featureCount];
    int[] l = new int[rowIndices.length];
    for (int i = 0; i < rowIndices.length; i++) {
      int row = rowIndices[i];
      if (row < 0 || row >= rows()) {
        throw new IllegalArgumentException("row " + row + " is out of range [0, " + rows() + ")");
      }
      System.arraycopy(features, row * featureCount, f, i * featureCount, featureCount);
      l[i] = labels[row];
    }
    return new Dataset(f, l, featureCount, classCount, shape, classNames).withInputs(inputs);
  }

  /**
   * A seeded, class-stratified subset of {@code count} rows (each class in proportion to its size,
   * as {@code trainLimit} draws), in ascending row order.
   *
   * @throws IllegalArgumentException if {@code count} is negative or more than {@link #rows()}
   */
  public Dataset stratifiedSubset(int count, long seed) {
    // StratifiedSampler checks the count (the same message as trainLimit's draw)
    return subset(StratifiedSampler.choose(labels, classCount, count, new java.util.Random(seed)));
  }

  /** The first {@code n} rows (all rows if there are fewer). */
  public Dataset head(int n) {
    int count = Math.min(n, rows());
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = i;
    }
    return subset(idx);
  }

  /** Rows {@code [from, to)} as an ND4J feature matrix. */
  public INDArray featureMatrix(int from, int to) {
    return Nd4j.create(featureRows(from, to), new long[] {to - from, featureCount}, 'c');
  }

  /** Rows {@code [from, to)} as one-hot label rows. */
  public INDArray oneHotLabels(int from, int to) {
    checkRange(from, to);
    float[] oneHot = new float[(to - from) * classCount];
    for (int i = from; i < to; i++) {
      oneHot[(i - from) * classCount + labels[i]] = 1f;
    }
    return Nd4j.create(oneHot, new long[] {to - from, classCount}, 'c');
  }

  /**
   * Minibatches for DL4J training. With {@code shuffle}, every pass (every {@code reset()}) visits
   * the rows in a new order drawn from one {@link Random} seeded with {@code seed}.
   */
  public DataSetIterator iterator(int batchSize, boolean shuffle, long seed) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    return new DatasetIterator(this, batchSize, shuffle ? new Random(seed) : null);
  }

  /** A seeded random permutation of {@code 0..rows-1} (Fisher–Yates). */
  public static int[] permutation(int rows, Random random) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > rows() || from > to) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") are out of range [0, " + rows() + ")");
    }
  }
}
