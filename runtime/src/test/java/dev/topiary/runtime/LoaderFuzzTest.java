package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid files: truncation, bit flips, overwritten bytes, oversized
 * counts, inserted and deleted bytes. Half the mutants get a correct length and checksum so that
 * they reach the parser. Every input must either load (and then predict) or fail with a
 * {@link ModelFormatException}; nothing else, no out-of-memory, no hang.
 *
 * <p>The unit test runs 20,000 inputs; a long run: {@code ./mvnw -B -q -pl runtime test
 * -Dtest=LoaderFuzzTest -Dtopiary.fuzz.inputs=1000000 -Dtopiary.fuzz.seed=1}.
 */
class LoaderFuzzTest {

  private static final List<byte[]> SEEDS = List.of(Models.tiny().toBytes(), Models.everyLayerKind(1).toBytes(),
      Models.everyLayerKind(2).toBytes());

  @Test
  void mutatedFilesOnlyEverFailWithModelFormatException() {
    int inputs = Integer.getInteger("topiary.fuzz.inputs", 20_000);
    long seed = Long.getLong("topiary.fuzz.seed", 42L);
    Random random = new Random(seed);
    int loaded = 0;
    int rejected = 0;
    for (int n = 0; n < inputs; n++) {
      byte[] mutant = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
      try {
        RuntimeModel model = RuntimeModel.read(mutant);
        loaded++;
        if (model.inputSize() <= 100_000) {
          float[] p = model.predict(new float[model.inputSize()], 1);
          assertThat(p).hasSize(model.classCount());
        }
      } catch (ModelFormatException e) {
        rejected++;
        assertThat(e.getMessage()).startsWith(e.field() + " at byte " + e.byteOffset() + ": ");
      } catch (Throwable t) {
        fail("input " + n + " (seed " + seed + ") threw " + t + "; bytes " + Arrays.toString(mutant), t);
      }
    }
    assertThat(loaded + rejected).isEqualTo(inputs);
    assertThat(rejected).isGreaterThan(inputs / 2);
  }

  static byte[] mutate(byte[] original, Random random) {
    byte[] file = original.clone();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(7)) {
        case 0 -> file = Arrays.copyOf(file, random.nextInt(file.length + 1));
        case 1 -> {
          if (file.length > 0) {
            int i = random.nextInt(file.length);
            file[i] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 2 -> {
          if (file.length > 0) {
            file[random.nextInt(file.length)] = (byte) random.nextInt(256);
          }
        }
        case 3, 4 -> {
          int header = Math.min(file.length, 400);
          if (header >= 8) {
            int at = random.nextInt(header - 7);
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int[] big = {-1, Integer.MAX_VALUE, 1 << 24, 1 << 16, 0, 1, 65, random.nextInt()};
            if (random.nextBoolean()) {
              b.putInt(at, big[random.nextInt(big.length)]);
            } else {
              b.putLong(at, random.nextBoolean() ? -1L : 1L << (32 + random.nextInt(30)));
            }
          }
        }
        case 5 -> {
          int at = random.nextInt(file.length + 1);
          int count = 1 + random.nextInt(70);
          byte[] grown = new byte[file.length + count];
          System.arraycopy(file, 0, grown, 0, at);
          System.arraycopy(file, at, grown, at + count, file.length - at);
          file = grown;
        }
        default -> {
          if (file.length > 1) {
            int at = random.nextInt(file.length);
            int count = 1 + random.nextInt(Math.min(70, file.length - at));
            byte[] shrunk = new byte[file.length - count];
            System.arraycopy(file, 0, shrunk, 0, at);
            System.arraycopy(file, at + count, shrunk, at, file.length - at - count);
            file = shrunk;
          }
        }
      }
    }
    if (random.nextBoolean() && file.length >= TpmFormat.PREAMBLE) {
      ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(16, file.length);
      FormatTest.withChecksum(file);
    }
    return file;
  }
}
