package dev.topiary.core.data;

import java.io.InputStream;
import java.util.List;

/**
 * The four files of Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, "Fashion-MNIST: a Novel Image
 * Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747) and the ten class names,
 * read from wherever a {@link Source} finds them.
 */
final class FashionMnistFiles {

  /** The training images. */
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  /** The training labels. */
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  /** The test images. */
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  /** The test labels. */
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  /** The four files, in the order above. */
  static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** The class names, by label. */
  static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
      "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The shape of one image: one grey channel of 28 × 28 pixels. */
  static final FeatureShape SHAPE = new FeatureShape(1, 28, 28);

  private FashionMnistFiles() {}

  /** Where the four files are. */
  interface Source {

    /** The name of {@code fileName} in messages (a path or a classpath resource). */
    String describe(String fileName);

    /** Opens {@code fileName}; the caller closes the stream. */
    InputStream open(String fileName) throws DataException;
  }

  /** Reads the training and test files of {@code source}: {@code [train, test]}. */
  static Dataset[] read(Source source) throws DataException {
    return new Dataset[] {
        read(source, TRAIN_IMAGES, TRAIN_LABELS),
        read(source, TEST_IMAGES, TEST_LABELS)
    };
  }

  private static Dataset read(Source source, String imagesFile, String labelsFile) throws DataException {
    String imagesName = source.describe(imagesFile);
    String labelsName = source.describe(labelsFile);
    IdxImages images = IdxReader.readImages(imagesName, source.open(imagesFile));
    if (images.rows() != SHAPE.height() || images.columns() != SHAPE.width()) {
      throw new DataException(imagesName + ": Fashion-MNIST images are 28x28 pixels, got " + images.rows() + "x"
          + images.columns());
    }
    int[] labels = IdxReader.readLabels(labelsName, source.open(labelsFile));
    return LabelledImages.toDataset(images, imagesName, labels, labelsName, CLASS_NAMES.size(), CLASS_NAMES);
  }
}
