package dev.topiary.pipeline.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code topiary} in a JVM of its own, on the launcher's runtime classpath, its console in a file. */
final class CliProcess {

  private final Process process;
  private final Path console;

  private CliProcess(Process process, Path console) {
    this.process = process;
    this.console = console;
  }

  /** Starts {@code topiary args…}; the console (stdout and stderr) goes to {@code console}. */
  static CliProcess start(Path console, String... args) throws IOException {
    Path classpathFile = Path.of("target", "runtime-classpath.txt");
    if (!Files.exists(classpathFile)) {
      throw new IllegalStateException(classpathFile + " is missing: the pipeline pom writes it before the tests");
    }
    String runtime = Files.readString(classpathFile).strip();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-Xmx1g", "-cp", Path.of("target", "classes") + File.pathSeparator + runtime,
        "dev.topiary.pipeline.cli.TopiaryCommand"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new CliProcess(builder.start(), console);
  }

  /** The process, for its id and for killing it. */
  Process process() {
    return process;
  }

  /** Waits at most {@code seconds} for the exit code; kills the process and throws if it takes longer. */
  int exitCode(long seconds) throws InterruptedException, IOException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("topiary did not finish in " + seconds + " s:\n" + console());
    }
    return process.exitValue();
  }

  /** What the process printed so far. */
  String console() throws IOException {
    return Files.readString(console);
  }

  /** The resident set size of the running process in kilobytes, from /proc; -1 once it has ended. */
  long residentKilobytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
