package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistSampleTest {

  private static final Path INSTALLED = Path.of(FashionMnistDataSpec.DEFAULT_DIR);

  private static final String HOW_TO_INSTALL = ": not found. Install the Debian package: sudo apt-get install "
      + "dataset-fashion-mnist (installs /usr/share/datasets/fashion-mnist), or set data.dir to a folder holding the "
      + "four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
      + "t10k-labels-idx1-ubyte.gz)";

  private static int[] classCounts(Dataset data) {
    int[] counts = new int[data.classCount()];
    for (int label : data.labels()) {
      counts[label]++;
    }
    return counts;
  }

  private static void assertUnitRange(float[] values) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);
  }

  @Test
  void sampleHas1000TrainingImagesPerClassAndTheFullTestSplit() throws Exception {
    DataSplits splits = new FashionMnistSampleDataSpec(0.0, null, null).load(Path.of("ignored"), 1);
    Dataset train = splits.train();
    assertThat(train.rows()).isEqualTo(10_000);
    assertThat(classCounts(train)).containsOnly(1_000);
    assertThat(splits.validation().rows()).isZero();
    assertThat(splits.test().rows()).isEqualTo(10_000);
    assertThat(classCounts(splits.test())).containsOnly(1_000);
    assertThat(train.featureCount()).isEqualTo(784);
    assertThat(train.shape()).isEqualTo(new FeatureShape(1, 28, 28));
    assertThat(train.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot");
    assertUnitRange(train.features());
    assertUnitRange(splits.test().features());
  }

  @Test
  void defaultValidationSplitTakes100PerClass() throws Exception {
    DataSplits splits = new FashionMnistSampleDataSpec().load(Path.of("."), 123);
    assertThat(classCounts(splits.train())).containsOnly(900);
    assertThat(classCounts(splits.validation())).containsOnly(100);
    assertThat(splits.test().rows()).isEqualTo(10_000);
  }

  @Test
  void limitsGiveSmallStratifiedRuns() throws Exception {
    DataSplits splits = new FashionMnistSampleDataSpec(0.2, 500, 200).load(Path.of("."), 9);
    assertThat(classCounts(splits.train())).containsOnly(40);
    assertThat(classCounts(splits.validation())).containsOnly(10);
    assertThat(classCounts(splits.test())).containsOnly(20);
  }

  @Test
  void missingFolderSaysHowToInstallTheDataset(@TempDir Path dir) {
    Path absent = dir.resolve("nowhere");
    assertThatThrownBy(() -> new FashionMnistDataSpec("nowhere", null, null, null).load(dir, 1))
        .isInstanceOf(DataException.class)
        .hasMessage(absent + HOW_TO_INSTALL);
  }

  @Test
  void missingFileSaysHowToInstallTheDataset(@TempDir Path dir) throws IOException {
    Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
    assertThatThrownBy(() -> new FashionMnistDataSpec(dir.toString(), null, null, null).load(Path.of("/"), 1))
        .isInstanceOf(DataException.class)
        .hasMessage(dir.resolve("train-images-idx3-ubyte.gz") + ": not an IDX image file (0 bytes, too short for the "
            + "magic number)");
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
    assertThatThrownBy(() -> new FashionMnistDataSpec(dir.toString(), null, null, null).load(Path.of("/"), 1))
        .hasMessage(dir.resolve("train-images-idx3-ubyte.gz") + HOW_TO_INSTALL);
  }

  @Test
  void installedDatasetHas60000TrainingAnd10000TestImages() throws Exception {
    assumeTrue(Files.isDirectory(INSTALLED), INSTALLED + " is not installed");
    DataSplits splits = new FashionMnistDataSpec(null, 0.0, null, null).load(Path.of("."), 1);
    assertThat(splits.train().rows()).isEqualTo(60_000);
    assertThat(classCounts(splits.train())).containsOnly(6_000);
    assertThat(splits.test().rows()).isEqualTo(10_000);
    assertThat(splits.train().classNames()).isEqualTo(FashionMnistDataSpec.CLASS_NAMES);
    assertThat(splits.train().shape()).isEqualTo(FashionMnistDataSpec.SHAPE);
  }

  @Test
  void sampleIsTheDocumentedDrawFromTheInstalledDataset() throws Exception {
    assumeTrue(Files.isDirectory(INSTALLED), INSTALLED + " is not installed");
    int[] fullLabels = IdxReader.readLabels(INSTALLED.resolve(FashionMnistFiles.TRAIN_LABELS));
    IdxImages fullImages = IdxReader.readImages(INSTALLED.resolve(FashionMnistFiles.TRAIN_IMAGES));
    int[] rows = FashionMnistSampleBuilder.chosenRows(fullLabels);

    IdxImages sampleImages = IdxReader.readImages("sample", resource(FashionMnistFiles.TRAIN_IMAGES));
    int[] sampleLabels = IdxReader.readLabels("sample", resource(FashionMnistFiles.TRAIN_LABELS));
    assertThat(sampleImages.pixels()).isEqualTo(fullImages.select(rows).pixels());
    for (int i = 0; i < rows.length; i++) {
      assertThat(sampleLabels[i]).isEqualTo(fullLabels[rows[i]]);
    }
    assertThat(IdxReader.readImages("sample", resource(FashionMnistFiles.TEST_IMAGES)).pixels())
        .isEqualTo(IdxReader.readImages(INSTALLED.resolve(FashionMnistFiles.TEST_IMAGES)).pixels());
    assertThat(IdxReader.readLabels("sample", resource(FashionMnistFiles.TEST_LABELS)))
        .isEqualTo(IdxReader.readLabels(INSTALLED.resolve(FashionMnistFiles.TEST_LABELS)));
  }

  private static InputStream resource(String name) {
    return FashionMnistSampleDataSpec.class.getResourceAsStream(FashionMnistSampleDataSpec.RESOURCE_FOLDER + name);
  }
}
