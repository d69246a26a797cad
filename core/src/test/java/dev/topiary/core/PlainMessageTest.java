package dev.topiary.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class PlainMessageTest {

  @Test
  void messageKeepsItsWordsWithoutClassNames() {
    assertThat(PlainMessage.of(new RuntimeException("java.io.EOFException: Unexpected end of ZLIB input stream")))
        .isEqualTo("Unexpected end of ZLIB input stream");
    assertThat(PlainMessage.of(new IllegalArgumentException("bad value 3"))).isEqualTo("bad value 3");
  }

  @Test
  void messageThatIsOnlyAClassNameFallsBackToTheCause() {
    assertThat(PlainMessage.of(new RuntimeException(new EOFException())))
        .isEqualTo("the file ends too early (is it truncated?)");
    assertThat(PlainMessage.of(new UncheckedIOException(new EOFException("Unexpected end of input"))))
        .isEqualTo("Unexpected end of input");
  }

  @Test
  void fileSystemErrorsNameTheFileAndTheReason() {
    assertThat(PlainMessage.of(new FileSystemException("/sys/x", null, "Operation not permitted")))
        .isEqualTo("/sys/x: operation not permitted");
    assertThat(PlainMessage.of(new AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
  }

  @Test
  void unknownKindsAreDescribedInWords() {
    class WeirdThingException extends RuntimeException {}
    assertThat(PlainMessage.of(new WeirdThingException())).isEqualTo("an unexpected weird thing problem");
    assertThat(PlainMessage.of(new NullPointerException())).isEqualTo("a value was missing");
  }
}
