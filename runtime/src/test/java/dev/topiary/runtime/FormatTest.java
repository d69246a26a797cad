package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatTest {

  @TempDir
  Path dir;

  /** Recomputes the CRC so that a mutation reaches the parser instead of the checksum check. */
  static byte[] withChecksum(byte[] file) {
    if (file.length >= TpmFormat.PREAMBLE) {
      ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(TpmFormat.CHECKSUM_OFFSET, TpmWriter.checksum(file));
    }
    return file;
  }

  private static byte[] putInt(byte[] file, int offset, int value) {
    byte[] copy = file.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return withChecksum(copy);
  }

  private static byte[] putLong(byte[] file, int offset, long value) {
    byte[] copy = file.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    return withChecksum(copy);
  }

  @Test
  void saveThenLoadGivesTheSameModelAndOutputs() throws IOException {
    RuntimeModel model = Models.everyLayerKind(1);
    Path file = dir.resolve("model.tpm");
    model.save(file);
    RuntimeModel loaded = RuntimeModel.load(file);
    float[] x = Models.inputs(model, 5, 2);
    assertThat(loaded.predict(x, 5)).containsExactly(model.predict(x, 5));
    assertThat(loaded.toBytes()).isEqualTo(model.toBytes());
    assertThat(loaded.layers()).isEqualTo(model.layers());
    assertThat(loaded.classNames()).containsExactly("cat", "dog", "émeu");
    assertThat(loaded.inputShape()).containsExactly(2, 6, 6);
    assertThat(loaded.parameterCount()).isEqualTo(model.parameterCount());
    assertThat(loaded.nonZeroParameterCount()).isEqualTo(model.nonZeroParameterCount());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.tpm");
    }
  }

  @Test
  void tensorsAreAlignedTo64Bytes() {
    byte[] file = Models.everyLayerKind(3).toBytes();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getLong(16)).isEqualTo(file.length);
    assertThat(b.getInt(8)).isEqualTo(1);
  }

  @Test
  void tinyModelFileMatchesTheGoldenBytes() throws IOException {
    byte[] actual = Models.tiny().toBytes();
    String hex = hexLines(actual);
    if (Boolean.getBoolean("topiary.golden.update")) {
      Files.writeString(Path.of("src/test/resources/golden/tiny.tpm.hex"), hex);
    }
    try (InputStream in = FormatTest.class.getResourceAsStream("/golden/tiny.tpm.hex")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(hex);
    }
    RuntimeModel read = RuntimeModel.read(actual);
    assertThat(read.predict(new float[] {1, 0, -1}, 1)[0]).isEqualTo(Models.tiny().predict(new float[] {1, 0, -1}, 1)[0]);
  }

  private static String hexLines(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bytes.length; i += 16) {
      text.append(String.format("%04x: ", i))
          .append(HexFormat.ofDelimiter(" ").formatHex(bytes, i, Math.min(bytes.length, i + 16))).append('\n');
    }
    return text.toString();
  }

  private static void assertRejected(byte[] file, String message) {
    assertThatThrownBy(() -> RuntimeModel.read(file)).isInstanceOf(ModelFormatException.class).hasMessage(message);
  }

  @Test
  void emptyFile() {
    assertRejected(new byte[0],
        "preamble at byte 0: the file has 0 bytes, fewer than the 32-byte preamble of a runtime model");
  }

  @Test
  void randomBytes() {
    byte[] random = new byte[100];
    new Random(5).nextBytes(random);
    random[0] = 1;
    assertThatThrownBy(() -> RuntimeModel.read(random)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("magic at byte 0: not a Topiary runtime model: expected the bytes "
            + "89 54 50 4d 0d 0a 1a 0a, got 01 ");
  }

  @Test
  void truncatedFile() {
    byte[] file = Models.tiny().toBytes();
    assertRejected(Arrays.copyOf(file, 200),
        "fileLength at byte 16: the header says the file has 264 bytes, but it has 200 (truncated)");
  }

  @Test
  void bitFlip() {
    byte[] file = Models.tiny().toBytes();
    file[200] ^= 0x10;
    assertThatThrownBy(() -> RuntimeModel.read(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("checksum at byte 24: CRC-32 of the file is ")
        .hasMessageEndingWith(" (the file is corrupted)");
  }

  @Test
  void newerFormatVersion() {
    assertRejected(putInt(Models.tiny().toBytes(), 8, 2),
        "version at byte 8: format version 2 is newer than this runtime reads (up to 1); upgrade topiary-runtime");
  }

  @Test
  void oversizedCounts() {
    byte[] file = Models.tiny().toBytes();
    assertRejected(putLong(file, 77, 1L << 40), "tensors[0].count at byte 77: 1099511627776 f32 values from byte "
        + "192 run past the end of the file (264 bytes)");
    assertRejected(putInt(file, 40, 0x7fffffff), "classNames.count at byte 40: must be in [0, 28], got 2147483647");
    assertRejected(putInt(file, 109, -1), "layers.count at byte 109: must be in [1, 5], got 4294967295");
    assertRejected(putInt(file, 36, 1 << 30), "inputShape[0] at byte 36: must be in [1, 16777216], got 1073741824");
  }

  @Test
  void fieldsThatDisagree() {
    byte[] file = Models.tiny().toBytes();
    assertRejected(putInt(file, 36, 4), "layers[0].weights at byte 144: tensor 0 must hold 8 values, got 6");
    assertRejected(putInt(file, 113, 99), "layers[0].tag at byte 113: unknown layer tag 99; known: 1 (scale), "
        + "2 (dense/dense), 3 (dense/sparse), 4 (conv2d/dense), 5 (conv2d/sparse), 6 (maxpool), 7 (avgpool), "
        + "8 (flatten), 9 (activation), 10 (dense/int8), 11 (dense/sparse-int8), 12 (conv2d/int8), "
        + "13 (conv2d/sparse-int8), 14 (dense/dynamic-int8), 15 (conv2d/dynamic-int8)");
    assertRejected(putInt(file, 132, 42), "layers[0].activation.function at byte 132: unknown activation code 42; "
        + "known: [0 (IDENTITY), 1 (RELU), 2 (LEAKY_RELU), 3 (ELU), 4 (TANH), 5 (SIGMOID), 6 (SOFTMAX)]");
    assertRejected(putLong(file, 69, 160), "tensors[0].offset at byte 69: tensor data must start at a multiple of 64 "
        + "at or after byte 192 (after the header and the previous tensor), got 160");
    assertRejected(putInt(file, 28, 1), "flags at byte 28: must be 0 in format version 1, got 1");
    assertRejected(putInt(file, 128, 3), "layers[0].weights at byte 144: tensor 0 must hold 9 values, got 6");
  }

  @Test
  void prunedDenseLayersAreStoredAsNonZerosAndLoadTheSame() throws IOException {
    Random random = new Random(9);
    float[] weights = Naive.random(random, 200 * 100, 0.9);
    float[] bias = Naive.random(random, 100, 0);
    RuntimeModel pruned = RuntimeModel.builder(200).dense(100, weights, bias, Activation.SOFTMAX, KernelKind.DENSE)
        .build();
    RuntimeModel full = RuntimeModel.builder(200).dense(100, Naive.random(random, 200 * 100, 0), bias,
        Activation.SOFTMAX, KernelKind.DENSE).build();
    byte[] file = pruned.toBytes();
    assertThat(file.length).isLessThan(full.toBytes().length / 3);
    RuntimeModel loaded = RuntimeModel.read(file);
    float[] x = Naive.random(random, 3 * 200, 0.2);
    assertThat(loaded.predict(x, 3)).containsExactly(pruned.predict(x, 3));
    assertThat(loaded.layers()).isEqualTo(pruned.layers());
    assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(32 + 8 + 4 + 4 + 4 * 24 + 4 + 4 + 4 + 7
        + 4 + 8)).as("storage").isEqualTo(1);
  }

  @Test
  void inputScalingInFrontMapsRawRowsAndIsSaved() throws IOException {
    RuntimeModel model = Models.tiny();
    RuntimeModel raw = model.withInputScaling(new float[] {1, 2, 3}, new float[] {0.5f, 0.25f, 2f});
    float[] rows = {3, 6, 2, 1, 2, 3};
    float[] scaled = {1, 1, -2, 0, 0, 0};
    assertThat(raw.predict(rows, 2)).containsExactly(model.predict(scaled, 2));
    assertThat(raw.layers()).extracting(LayerInfo::type).containsExactly("scale", "dense");
    assertThat(raw.parameterCount()).isEqualTo(model.parameterCount());
    assertThat(RuntimeModel.read(raw.toBytes()).predict(rows, 2)).containsExactly(raw.predict(rows, 2));
    assertThatThrownBy(() -> model.withInputScaling(new float[2], new float[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input scaling needs 3 offsets and scales, got 2 and 2");
  }

  @Test
  void aNonModelFileFromDisk() throws IOException {
    Path file = dir.resolve("notes.tpm");
    Files.writeString(file, "these are not the weights you are looking for");
    assertThatThrownBy(() -> RuntimeModel.load(file)).isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("magic at byte 0: not a Topiary runtime model");
  }

  @Test
  void predictChecksItsArguments() {
    RuntimeModel model = Models.tiny();
    assertThatThrownBy(() -> model.predict(new float[4], 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 1 rows of 3 features (3 values), got 4 values");
    assertThatThrownBy(() -> model.predict(new float[3], 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be positive, got 0");
    assertThatThrownBy(() -> model.predict(new float[3], -2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be positive, got -2");
    assertThatThrownBy(() -> model.predict(null, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("features must not be null");
  }

  @Test
  void builderChecksShapes() {
    assertThatThrownBy(() -> RuntimeModel.builder(4).dense(2, new float[7], new float[2], Activation.RELU,
        KernelKind.DENSE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0: dense 4->2 needs 8 weights ([out][in]), got 7");
    assertThatThrownBy(() -> RuntimeModel.builder(1, 4, 4).dense(2, new float[32], new float[2], Activation.RELU,
        KernelKind.DENSE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0: dense needs a flat input, got shape 1x4x4; flatten first");
    assertThatThrownBy(() -> RuntimeModel.builder(1, 4, 4).conv2d(2, Window.of(5, 5), new float[50], new float[2],
        Activation.RELU, KernelKind.DENSE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0: window 5x5 stride 1x1 pad 0,0,0,0 does not fit the input 1x4x4");
    assertThatThrownBy(() -> RuntimeModel.builder(1, 4, 4).maxPool(Window.of(2, 2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the last layer must give one value per class, got shape 1x3x3; flatten and add a dense layer");
    assertThatThrownBy(() -> RuntimeModel.builder(2).activation(Activation.RELU).classNames(List.of("a")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the model has 2 classes but 1 class names");
    assertThatThrownBy(() -> RuntimeModel.builder(2, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input shape must be [features] or [channels, height, width], got [2, 3]");
    assertThatThrownBy(() -> Window.of(0, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kernelHeight must be in [1, 4096], got 0");
  }
}
