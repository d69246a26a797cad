package dev.topiary.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

  @TempDir
  Path dir;

  @Test
  void replacesTheFileAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("sub/report.csv");
    AtomicFileWriter.writeString(target, "old");
    AtomicFileWriter.writeString(target, "new");
    assertThat(target).hasContent("new");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void quotesCsvFieldsOnlyWhenNeeded() {
    assertThat(AtomicFileWriter.csvField("layer0")).isEqualTo("layer0");
    assertThat(AtomicFileWriter.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(AtomicFileWriter.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
  }
}
