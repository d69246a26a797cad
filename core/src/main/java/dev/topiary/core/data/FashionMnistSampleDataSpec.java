package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A Fashion-MNIST sample embedded in this library, so recipes and tests run without downloads:
 * 10,000 training images (exactly 1,000 per class, a seeded stratified draw from the 60,000
 * training images) and the complete 10,000-image test split. Pixels are scaled to {@code [0, 1]};
 * classes and shape as in {@link FashionMnistDataSpec}. How the sample was made is written in
 * {@code dev/topiary/core/data/fashion-mnist-sample/README.md} next to the files; the data is
 * © 2017 Zalando SE under the MIT license (the {@code LICENSE} file there).
 *
 * <pre>{@code
 * data: {source: fashion-mnist-sample, validationFraction: 0.1}
 * }</pre>
 *
 * @param validationFraction share of the training rows carved out, stratified, as the validation
 *     split; in {@code [0, 1)}, default 0.1
 * @param trainLimit rows of the 10,000 training rows to use (a seeded stratified subset, taken
 *     before the validation split), or null for all
 * @param testLimit rows of the test rows to use (a seeded stratified subset), or null for all
 */
@JsonTypeName(FashionMnistSampleDataSpec.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FashionMnistSampleDataSpec(Double validationFraction, Integer trainLimit, Integer testLimit)
    implements DataSpec {

  /** The {@code source} name of this spec in a recipe. */
  public static final String TYPE = "fashion-mnist-sample";

  /** The classpath folder of the sample, relative to this class's package. */
  static final String RESOURCE_FOLDER = "fashion-mnist-sample/";

  /** Applies the defaults and validates the values. */
  public FashionMnistSampleDataSpec {
    validationFraction = SeededSplitter.validationFraction(validationFraction);
    trainLimit = SeededSplitter.limit("trainLimit", trainLimit);
    testLimit = SeededSplitter.limit("testLimit", testLimit);
  }

  /** The whole sample with the default validation fraction. */
  public FashionMnistSampleDataSpec() {
    this(null, null, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads from the classpath; {@code baseDirectory} is not used.
   */
  @Override
  public DataSplits load(Path baseDirectory, long seed) throws DataException {
    Dataset[] files = FashionMnistFiles.read(new ClasspathSource());
    return SeededSplitter.split(files[0], files[1], validationFraction, trainLimit, testLimit, seed)
        .withInputScaling(InputScaling.pixels(files[0].featureCount()));
  }

  /** The sample's files as classpath resources next to this class. */
  private static final class ClasspathSource implements FashionMnistFiles.Source {

    @Override
    public String describe(String fileName) {
      return "classpath:" + FashionMnistSampleDataSpec.class.getPackageName().replace('.', '/') + "/"
          + RESOURCE_FOLDER + fileName;
    }

    @Override
    public InputStream open(String fileName) throws DataException {
      InputStream in = FashionMnistSampleDataSpec.class.getResourceAsStream(RESOURCE_FOLDER + fileName);
      if (in == null) {
        throw new DataException(describe(fileName) + ": not found on the classpath (the topiary-core jar is "
            + "incomplete)");
      }
      return in;
    }
  }
}
