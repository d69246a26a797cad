package dev.topiary.pruning.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that the code between {@code // README-BEGIN name} and {@code // README-END name} in a test
 * source appears, with its common indentation removed, in the repository's README.md, so the
 * README shows exactly the code the test compiles and runs. Run from a module folder (Maven's
 * working directory), the README is one folder up.
 */
public final class ReadmeSnippets {

  private ReadmeSnippets() {}

  /** Fails unless README.md contains the named snippet of {@code test}'s source. */
  public static void assertInReadme(Class<?> test, String name) {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path source = Path.of("src/test/java", test.getName().replace('.', '/') + ".java");
    try {
      List<String> lines = Files.readAllLines(source);
      int begin = indexOf(lines, "// README-BEGIN " + name);
      int end = indexOf(lines, "// README-END " + name);
      List<String> snippet = lines.subList(begin + 1, end);
      int indent = snippet.stream().filter(l -> !l.isBlank())
          .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
      String expected = snippet.stream().map(l -> l.isBlank() ? "" : l.substring(indent))
          .collect(Collectors.joining("\n"));
      String readme = Files.readString(root.resolve("README.md"));
      assertThat(readme).as("README.md shows the '" + name + "' example of " + test.getSimpleName())
          .contains(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new IllegalStateException("no line '" + marker + "' in " + Arrays.toString(lines.toArray()).length()
        + " lines");
  }
}
