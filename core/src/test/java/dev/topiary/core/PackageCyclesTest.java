package dev.topiary.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages form no cycle (issue 7 found {@code model} ↔ {@code train}): read from the import
 * statements and fully qualified names of every main source file.
 */
class PackageCyclesTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/topiary/core");
  private static final Pattern REFERENCE = Pattern.compile("dev\\.topiary\\.core\\.(?:([a-z]+)\\.)?[A-Z]");

  @Test
  void corePackagesHaveNoCycle() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file.getParent());
        String from = relative.toString().isEmpty() ? "(root)" : relative.toString().replace('/', '.');
        Matcher m = REFERENCE.matcher(Files.readString(file));
        Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
        while (m.find()) {
          String to = m.group(1) == null ? "(root)" : m.group(1);
          if (!to.equals(from)) {
            targets.add(to);
          }
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      if (reaches(uses, start, start, new TreeSet<>())) {
        cycles.add(start + " uses " + uses.get(start));
      }
    }
    assertThat(cycles).as("packages on a cycle").isEmpty();
    assertThat(uses.get("model")).doesNotContain("train", "source", "recipe");
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(uses, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
