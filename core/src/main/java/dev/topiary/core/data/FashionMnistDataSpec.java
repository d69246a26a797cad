package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The full Fashion-MNIST dataset (60,000 training and 10,000 test images of 28 × 28 grey pixels,
 * ten classes of clothing) read from a folder of the four original IDX files, as installed by the
 * Debian package {@code dataset-fashion-mnist}. Pixels are scaled to {@code [0, 1]}.
 *
 * <pre>{@code
 * data: {source: fashion-mnist, dir: /usr/share/datasets/fashion-mnist, validationFraction: 0.1}
 * }</pre>
 *
 * @param dir the folder holding the four files ({@code .gz} or unpacked); relative to the recipe's
 *     folder; default {@value #DEFAULT_DIR}
 * @param validationFraction share of the training rows carved out, stratified, as the validation
 *     split; in {@code [0, 1)}, default 0.1
 * @param trainLimit rows of the training file to use (a seeded stratified subset, taken before the
 *     validation split), or null for all
 * @param testLimit rows of the test file to use (a seeded stratified subset), or null for all
 */
@JsonTypeName(FashionMnistDataSpec.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FashionMnistDataSpec(String dir, Double validationFraction, Integer trainLimit, Integer testLimit)
    implements DataSpec {

  /** The {@code source} name of this spec in a recipe. */
  public static final String TYPE = "fashion-mnist";

  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

  /**
   * The ten class names, by label: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt,
   * Sneaker, Bag, Ankle boot.
   */
  public static final List<String> CLASS_NAMES = FashionMnistFiles.CLASS_NAMES;

  /** The shape of one example: 1 × 28 × 28. */
  public static final FeatureShape SHAPE = FashionMnistFiles.SHAPE;

  /** Applies the defaults and validates the values. */
  public FashionMnistDataSpec {
    if (dir != null && dir.isBlank()) {
      throw new IllegalArgumentException("dir must name a folder, got '" + dir + "'");
    }
    dir = dir == null ? DEFAULT_DIR : dir;
    validationFraction = SeededSplitter.validationFraction(validationFraction);
    trainLimit = SeededSplitter.limit("trainLimit", trainLimit);
    testLimit = SeededSplitter.limit("testLimit", testLimit);
  }

  /** The installed dataset with the default validation fraction and no limits. */
  public FashionMnistDataSpec() {
    this(null, null, null, null);
  }

  /**
   * {@inheritDoc}
   *
   * @throws DataException if the folder or a file is missing (the message says how to install the
   *     files) or a file is malformed
   */
  @Override
  public DataSplits load(Path baseDirectory, long seed) throws DataException {
    Path folder = baseDirectory.resolve(dir);
    if (!Files.isDirectory(folder)) {
      throw notFound(folder);
    }
    Dataset[] files = FashionMnistFiles.read(new FolderSource(folder));
    return SeededSplitter.split(files[0], files[1], validationFraction, trainLimit, testLimit, seed)
        .withInputScaling(InputScaling.pixels(files[0].featureCount()));
  }

  private static DataException notFound(Path path) {
    return new DataException(path + ": not found. Install the Debian package: sudo apt-get install "
        + "dataset-fashion-mnist (installs " + DEFAULT_DIR + "), or set data.dir to a folder holding the four IDX "
        + "files (" + String.join(", ", FashionMnistFiles.FILE_NAMES) + ")");
  }

  /** The files of a folder, each gzipped ({@code name.gz}) or else unpacked ({@code name}). */
  private record FolderSource(Path folder) implements FashionMnistFiles.Source {

    @Override
    public String describe(String fileName) {
      return locate(fileName).toString();
    }

    @Override
    public InputStream open(String fileName) throws DataException {
      Path file = locate(fileName);
      if (!Files.isRegularFile(file)) {
        throw notFound(folder.resolve(fileName));
      }
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new DataException(file + ": cannot read: " + e.getMessage(), e);
      }
    }

    private Path locate(String fileName) {
      Path gzipped = folder.resolve(fileName);
      Path unpacked = folder.resolve(fileName.substring(0, fileName.length() - ".gz".length()));
      return !Files.exists(gzipped) && Files.exists(unpacked) ? unpacked : gzipped;
    }
  }
}
