package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * Images and labels in IDX files (the MNIST format), gzipped or raw; gzip is recognised by the
 * file's first bytes, not its name. Pixels are scaled to {@code [0, 1]} ({@code value / 255}) and
 * each example has the shape {@code 1 × rows × columns} of the image file.
 *
 * <pre>{@code
 * data: {source: idx, trainImages: a.gz, trainLabels: b.gz, testImages: c.gz, testLabels: d.gz}
 * }</pre>
 *
 * @param trainImages the training image file ({@code 0x00000803}), relative to the recipe's folder
 * @param trainLabels the training label file ({@code 0x00000801})
 * @param testImages the test image file
 * @param testLabels the test label file
 * @param classNames one name per class, in label order; or null, and the class count is one more
 *     than the largest label in either label file
 * @param validationFraction share of the training rows carved out, stratified, as the validation
 *     split; in {@code [0, 1)}, default 0.1
 * @param trainLimit rows of the training files to use (a seeded stratified subset, taken before the
 *     validation split), or null for all
 * @param testLimit rows of the test files to use (a seeded stratified subset), or null for all
 */
@JsonTypeName(IdxDataSpec.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdxDataSpec(String trainImages, String trainLabels, String testImages, String testLabels,
    List<String> classNames, Double validationFraction, Integer trainLimit, Integer testLimit) implements DataSpec {

  /** The {@code source} name of this spec in a recipe. */
  public static final String TYPE = "idx";

  /** Applies the defaults and validates the values. */
  public IdxDataSpec {
    SeededSplitter.requiredFile("trainImages", trainImages);
    SeededSplitter.requiredFile("trainLabels", trainLabels);
    SeededSplitter.requiredFile("testImages", testImages);
    SeededSplitter.requiredFile("testLabels", testLabels);
    if (classNames != null) {
      classNames = List.copyOf(classNames);
      if (classNames.size() < 2) {
        throw new IllegalArgumentException("classNames must name at least 2 classes, got " + classNames);
      }
      if (new HashSet<>(classNames).size() != classNames.size()) {
        throw new IllegalArgumentException("classNames must be distinct, got " + classNames);
      }
    }
    validationFraction = SeededSplitter.validationFraction(validationFraction);
    trainLimit = SeededSplitter.limit("trainLimit", trainLimit);
    testLimit = SeededSplitter.limit("testLimit", testLimit);
  }

  /** The four files with no class names, the default validation fraction and no limits. */
  public IdxDataSpec(String trainImages, String trainLabels, String testImages, String testLabels) {
    this(trainImages, trainLabels, testImages, testLabels, null, null, null, null);
  }

  @Override
  public DataSplits load(Path baseDirectory, long seed) throws DataException {
    Path trainImagesFile = baseDirectory.resolve(trainImages);
    Path trainLabelsFile = baseDirectory.resolve(trainLabels);
    Path testImagesFile = baseDirectory.resolve(testImages);
    Path testLabelsFile = baseDirectory.resolve(testLabels);
    IdxImages trainPixels = IdxReader.readImages(trainImagesFile);
    int[] trainClasses = IdxReader.readLabels(trainLabelsFile);
    IdxImages testPixels = IdxReader.readImages(testImagesFile);
    int[] testClasses = IdxReader.readLabels(testLabelsFile);
    if (testPixels.rows() != trainPixels.rows() || testPixels.columns() != trainPixels.columns()) {
      throw new DataException(testImagesFile + ": images are " + testPixels.rows() + "x" + testPixels.columns()
          + " pixels, but those of " + trainImagesFile + " are " + trainPixels.rows() + "x" + trainPixels.columns());
    }
    int classCount = classNames != null ? classNames.size() : Math.max(max(trainClasses), max(testClasses)) + 1;
    if (classCount < 2) {
      throw new DataException(trainLabelsFile + ": needs at least 2 classes, but every label is 0");
    }
    List<String> names = classNames == null ? List.of() : classNames;
    Dataset train = LabelledImages.toDataset(trainPixels, trainImagesFile.toString(), trainClasses,
        trainLabelsFile.toString(), classCount, names);
    Dataset test = LabelledImages.toDataset(testPixels, testImagesFile.toString(), testClasses,
        testLabelsFile.toString(), classCount, names);
    return SeededSplitter.split(train, test, validationFraction, trainLimit, testLimit, seed)
        .withInputScaling(InputScaling.pixels(train.featureCount()));
  }

  private static int max(int[] values) {
    int max = 0;
    for (int value : values) {
      max = Math.max(max, value);
    }
    return max;
  }
}
