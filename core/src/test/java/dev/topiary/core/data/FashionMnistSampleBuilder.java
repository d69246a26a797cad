package dev.topiary.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Builds the embedded {@code fashion-mnist-sample} from the full Fashion-MNIST files: 1,000
 * training images per class drawn by {@link StratifiedSampler} with {@link #SEED} (kept in file
 * order), and the whole test split, written as IDX files gzipped at level 9.
 *
 * <p>Needs only the JDK and the compiled classes, no ND4J. From the repository root:
 *
 * <pre>
 * mvn -q -B -o -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes dev.topiary.core.data.FashionMnistSampleBuilder \
 *     /usr/share/datasets/fashion-mnist core/src/main/resources/dev/topiary/core/data/fashion-mnist-sample
 * </pre>
 *
 * Every run writes the same content (the same bytes with the same JDK zlib).
 */
final class FashionMnistSampleBuilder {

  /** The seed of the training draw (Fashion-MNIST's arXiv date, 2017-08-25). */
  static final long SEED = 20170825L;

  /** Training images kept per class. */
  static final int PER_CLASS = 1_000;

  private FashionMnistSampleBuilder() {}

  /** The row indices of the full training split that make up the sample's training split. */
  static int[] chosenRows(int[] trainLabels) {
    int classCount = FashionMnistFiles.CLASS_NAMES.size();
    return StratifiedSampler.choose(trainLabels, classCount, PER_CLASS * classCount, new Random(SEED));
  }

  /**
   * Writes the sample.
   *
   * @param args the folder of the four Fashion-MNIST files, then the output folder
   */
  public static void main(String[] args) throws IOException, DataException {
    if (args.length != 2) {
      System.err.println("usage: FashionMnistSampleBuilder <fashion-mnist folder> <output folder>");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    Files.createDirectories(target);

    IdxImages trainImages = IdxReader.readImages(source.resolve(FashionMnistFiles.TRAIN_IMAGES));
    int[] trainLabels = IdxReader.readLabels(source.resolve(FashionMnistFiles.TRAIN_LABELS));
    int[] rows = chosenRows(trainLabels);
    int[] chosenLabels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      chosenLabels[i] = trainLabels[rows[i]];
    }
    IdxWriter.writeImages(target.resolve(FashionMnistFiles.TRAIN_IMAGES), trainImages.select(rows), true);
    IdxWriter.writeLabels(target.resolve(FashionMnistFiles.TRAIN_LABELS), chosenLabels, true);

    IdxImages testImages = IdxReader.readImages(source.resolve(FashionMnistFiles.TEST_IMAGES));
    int[] testLabels = IdxReader.readLabels(source.resolve(FashionMnistFiles.TEST_LABELS));
    IdxWriter.writeImages(target.resolve(FashionMnistFiles.TEST_IMAGES), testImages, true);
    IdxWriter.writeLabels(target.resolve(FashionMnistFiles.TEST_LABELS), testLabels, true);

    long total = 0;
    for (String name : FashionMnistFiles.FILE_NAMES) {
      long size = Files.size(target.resolve(name));
      total += size;
      System.out.println(name + ": " + size + " bytes");
    }
    System.out.println("total: " + total + " bytes");
  }
}
