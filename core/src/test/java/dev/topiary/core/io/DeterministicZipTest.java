package dev.topiary.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicZipTest {

  @TempDir
  Path dir;

  private Path zip(String name, long time, int level) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(raw)) {
      out.setLevel(level);
      for (String entry : new String[] {"configuration.json", "coefficients.bin"}) {
        ZipEntry e = new ZipEntry(entry);
        e.setTime(time);
        e.setComment("written at " + time);
        out.putNextEntry(e);
        out.write((entry + " content ").repeat(50).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void sameEntriesWrittenAtOtherTimesBecomeTheSameBytes() throws IOException {
    Path a = zip("a.zip", 1_700_000_000_000L, 1);
    Path b = zip("b.zip", 1_800_000_000_000L, 9);
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));

    DeterministicZip.normalize(a);
    DeterministicZip.normalize(b);

    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    try (ZipFile zip = new ZipFile(a.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("configuration.json", "coefficients.bin");
      ZipEntry config = zip.getEntry("configuration.json");
      assertThat(config.getTimeLocal()).isEqualTo(DeterministicZip.ENTRY_TIME);
      assertThat(new String(zip.getInputStream(config).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("configuration.json content ".repeat(50));
    }
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.zip", "b.zip");
    }
  }
}
