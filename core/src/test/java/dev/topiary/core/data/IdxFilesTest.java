package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

  @TempDir
  Path dir;

  private static IdxImages threeImages() {
    byte[] pixels = new byte[3 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 15);
    }
    pixels[5] = (byte) 255;
    return new IdxImages(3, 2, 3, pixels);
  }

  @Test
  void imagesAndLabelsRoundTripRawAndGzipped() throws Exception {
    IdxImages images = threeImages();
    int[] labels = {2, 0, 255};
    for (boolean gzip : new boolean[] {false, true}) {
      Path imageFile = dir.resolve("images-" + gzip);
      Path labelFile = dir.resolve("labels-" + gzip);
      IdxWriter.writeImages(imageFile, images, gzip);
      IdxWriter.writeLabels(labelFile, labels, gzip);
      byte[] head = Arrays.copyOf(Files.readAllBytes(imageFile), 4);
      assertThat(head).isEqualTo(gzip ? new byte[] {0x1f, (byte) 0x8b, 8, 0} : new byte[] {0, 0, 8, 3});

      IdxImages read = IdxReader.readImages(imageFile);
      assertThat(read.count()).isEqualTo(3);
      assertThat(read.rows()).isEqualTo(2);
      assertThat(read.columns()).isEqualTo(3);
      assertThat(read.pixels()).isEqualTo(images.pixels());
      assertThat(IdxReader.readLabels(labelFile)).containsExactly(2, 0, 255);
    }
  }

  @Test
  void rawFileHasExactIdxLayout() throws Exception {
    Path file = dir.resolve("labels");
    IdxWriter.writeLabels(file, new int[] {7, 1}, false);
    assertThat(Files.readAllBytes(file)).containsExactly(0, 0, 8, 1, 0, 0, 0, 2, 7, 1);
  }

  @Test
  void gzipIsDetectedByContentNotByName() throws Exception {
    Path rawNamedGz = dir.resolve("raw.gz");
    Path gzipNamedRaw = dir.resolve("gzipped.idx");
    IdxWriter.writeLabels(rawNamedGz, new int[] {1, 2, 3}, false);
    IdxWriter.writeLabels(gzipNamedRaw, new int[] {4, 5}, true);
    assertThat(IdxReader.readLabels(rawNamedGz)).containsExactly(1, 2, 3);
    assertThat(IdxReader.readLabels(gzipNamedRaw)).containsExactly(4, 5);
  }

  @Test
  void gzippedOutputIsTheSameOnEveryRun() throws Exception {
    IdxWriter.writeImages(dir.resolve("a"), threeImages(), true);
    IdxWriter.writeImages(dir.resolve("b"), threeImages(), true);
    assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(Files.readAllBytes(dir.resolve("b")));
  }

  @Test
  void labelFileReadAsImagesNamesBothMagicNumbers() throws Exception {
    Path file = dir.resolve("train-images-idx3-ubyte.gz");
    IdxWriter.writeLabels(file, new int[] {1}, true);
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": not an IDX image file (magic 0x00000801, expected 0x00000803)");
  }

  @Test
  void imageFileReadAsLabelsNamesBothMagicNumbers() throws Exception {
    Path file = dir.resolve("labels.gz");
    IdxWriter.writeImages(file, threeImages(), false);
    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": not an IDX label file (magic 0x00000803, expected 0x00000801)");
  }

  @Test
  void textFileIsNotIdx() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello");
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": not an IDX image file (magic 0x68656c6c, expected 0x00000803)");
  }

  @Test
  void fileTooShortForMagic() throws Exception {
    Path file = dir.resolve("short");
    Files.write(file, new byte[] {0, 0});
    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .hasMessage(file + ": not an IDX label file (2 bytes, too short for the magic number)");
  }

  @Test
  void truncatedHeader() throws Exception {
    Path file = dir.resolve("images");
    Files.write(file, ints(0x803, 10, 28));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": truncated: the IDX image header needs 16 bytes, the file has 12");
  }

  @Test
  void badDimensions() throws Exception {
    Path file = dir.resolve("images");
    Files.write(file, ints(0x803, 2, 0, 28));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": bad dimensions: 2 images of 0x28 pixels");
    Files.write(file, ints(0x803, -1, 28, 28));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": bad dimensions: 4294967295 images of 28x28 pixels");
  }

  @Test
  void tooLargeForOneArray() throws Exception {
    Path file = dir.resolve("images");
    Files.write(file, ints(0x803, 100_000, 1000, 1000));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": too large: 100000 images of 1000x1000 pixels do not fit in one array");
  }

  @Test
  void truncatedPixelData() throws Exception {
    Path file = dir.resolve("images");
    Files.write(file, concat(ints(0x803, 3, 2, 3), new byte[10]));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": truncated: 3 images of 2x3 pixels need 18 pixel bytes, the file has 10");
  }

  @Test
  void truncatedLabelData() throws Exception {
    Path file = dir.resolve("labels");
    Files.write(file, concat(ints(0x801, 5), new byte[3]));
    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .hasMessage(file + ": truncated: 5 labels need 5 label bytes, the file has 3");
  }

  @Test
  void bytesAfterTheData() throws Exception {
    Path file = dir.resolve("labels");
    Files.write(file, concat(ints(0x801, 2), new byte[4]));
    assertThatThrownBy(() -> IdxReader.readLabels(file))
        .hasMessage(file + ": 2 unexpected bytes after 2 labels");
  }

  @Test
  void truncatedGzipStream() throws Exception {
    Path full = dir.resolve("full.gz");
    IdxWriter.writeImages(full, threeImages(), true);
    byte[] bytes = Files.readAllBytes(full);
    Path file = dir.resolve("cut.gz");
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 12));
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessage(file + ": truncated gzip data");
  }

  @Test
  void corruptGzipStream() throws Exception {
    Path file = dir.resolve("bad.gz");
    Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2});
    assertThatThrownBy(() -> IdxReader.readImages(file))
        .hasMessageStartingWith(file + ": corrupt gzip data: ");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("absent.gz");
    assertThatThrownBy(() -> IdxReader.readLabels(file)).hasMessage(file + ": not found");
  }

  @Test
  void writerRejectsLabelsAboveAByte() {
    assertThatThrownBy(() -> IdxWriter.writeLabels(dir.resolve("x"), new int[] {0, 256}, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label 1 must be in [0, 255], got 256");
  }

  @Test
  void idxSpecScalesPixelsAndCountsClasses() throws Exception {
    writeSet("train", threeImages(), new int[] {0, 2, 1});
    writeSet("test", threeImages(), new int[] {1, 1, 0});
    DataSplits splits = new IdxDataSpec("train-images", "train-labels", "test-images", "test-labels", null, 0.0,
        null, null).load(dir, 1);
    Dataset train = splits.train();
    assertThat(train.rows()).isEqualTo(3);
    assertThat(train.classCount()).isEqualTo(3);
    assertThat(train.classNames()).isEmpty();
    assertThat(train.shape()).isEqualTo(new FeatureShape(1, 2, 3));
    assertThat(train.features()[1]).isCloseTo(15 / 255f, within(1e-7f));
    assertThat(train.features()[5]).isEqualTo(1f);
    assertThat(train.features()[0]).isZero();
    assertThat(splits.validation().rows()).isZero();
    assertThat(splits.test().labels()).containsExactly(1, 1, 0);
  }

  @Test
  void idxSpecWithClassNamesRejectsLabelsBeyondThem() throws Exception {
    writeSet("train", threeImages(), new int[] {0, 2, 1});
    writeSet("test", threeImages(), new int[] {1, 1, 0});
    IdxDataSpec spec = new IdxDataSpec("train-images", "train-labels", "test-images", "test-labels",
        List.of("a", "b"), 0.0, null, null);
    assertThatThrownBy(() -> spec.load(dir, 1))
        .isInstanceOf(DataException.class)
        .hasMessage(dir.resolve("train-labels") + ": label 2 at index 1 is out of range [0, 2)");
  }

  @Test
  void idxSpecRejectsLabelAndImageCountMismatch() throws Exception {
    writeSet("train", threeImages(), new int[] {0, 1});
    writeSet("test", threeImages(), new int[] {1, 1, 0});
    IdxDataSpec spec = new IdxDataSpec("train-images", "train-labels", "test-images", "test-labels");
    assertThatThrownBy(() -> spec.load(dir, 1))
        .isInstanceOf(DataException.class)
        .hasMessage(dir.resolve("train-labels") + ": has 2 labels, but " + dir.resolve("train-images")
            + " has 3 images");
  }

  @Test
  void idxSpecRejectsTestImagesOfAnotherSize() throws Exception {
    writeSet("train", threeImages(), new int[] {0, 1, 1});
    writeSet("test", new IdxImages(1, 3, 3, new byte[9]), new int[] {1});
    IdxDataSpec spec = new IdxDataSpec("train-images", "train-labels", "test-images", "test-labels");
    assertThatThrownBy(() -> spec.load(dir, 1))
        .hasMessage(dir.resolve("test-images") + ": images are 3x3 pixels, but those of "
            + dir.resolve("train-images") + " are 2x3");
  }

  @Test
  void idxSpecNeedsTwoClasses() throws Exception {
    writeSet("train", threeImages(), new int[] {0, 0, 0});
    writeSet("test", threeImages(), new int[] {0, 0, 0});
    IdxDataSpec spec = new IdxDataSpec("train-images", "train-labels", "test-images", "test-labels");
    assertThatThrownBy(() -> spec.load(dir, 1))
        .hasMessage(dir.resolve("train-labels") + ": needs at least 2 classes, but every label is 0");
  }

  @Test
  void streamNamesAreUsedInMessages() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(ints(0x801, 1));
    }
    assertThatThrownBy(() -> IdxReader.readLabels("classpath:x.gz", new ByteArrayInputStream(gz.toByteArray())))
        .hasMessage("classpath:x.gz: truncated: 1 labels need 1 label bytes, the file has 0");
  }

  private void writeSet(String prefix, IdxImages images, int[] labels) throws IOException {
    IdxWriter.writeImages(dir.resolve(prefix + "-images"), images, true);
    IdxWriter.writeLabels(dir.resolve(prefix + "-labels"), labels, false);
  }

  private static byte[] ints(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
    for (int value : values) {
      buffer.putInt(value);
    }
    return buffer.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
