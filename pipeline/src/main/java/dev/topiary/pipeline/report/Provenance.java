package dev.topiary.pipeline.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.topiary.core.measure.MeterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What a reader needs to repeat a run and to judge its timings.
 *
 * @param recipeSha256 SHA-256 (hex) of the resolved recipe's YAML, as written to
 *     {@code recipe.resolved.yaml}
 * @param seed the recipe's seed
 * @param topiaryVersion Topiary's version
 * @param dl4jVersion DeepLearning4J's version
 * @param nd4jVersion ND4J's version
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param os operating system name, version and architecture
 * @param cpuModel the CPU's "model name" from {@code /proc/cpuinfo}, or {@code unknown}
 * @param availableProcessors processors available to the JVM
 * @param ompNumThreads the {@code OMP_NUM_THREADS} environment variable, or {@code unset}
 * @param measureThreads the meter's thread setting, or null if the meter's default applied
 * @param startTime when the run started, ISO-8601 in UTC
 * @param baselineCache what the baseline cache did, e.g. {@code reused 3f2a…} or
 *     {@code trained and stored 3f2a…} (the key); null when no cache was used (then the field is
 *     left out of {@code report.json})
 */
public record Provenance(String recipeSha256, long seed, String topiaryVersion, String dl4jVersion,
    String nd4jVersion, String javaVersion, String javaVendor, String os, String cpuModel,
    int availableProcessors, String ompNumThreads, Integer measureThreads, String startTime,
    @JsonInclude(JsonInclude.Include.NON_NULL) String baselineCache) {

  /** Provenance without a baseline cache. */
  public Provenance(String recipeSha256, long seed, String topiaryVersion, String dl4jVersion,
      String nd4jVersion, String javaVersion, String javaVendor, String os, String cpuModel,
      int availableProcessors, String ompNumThreads, Integer measureThreads, String startTime) {
    this(recipeSha256, seed, topiaryVersion, dl4jVersion, nd4jVersion, javaVersion, javaVendor, os, cpuModel,
        availableProcessors, ompNumThreads, measureThreads, startTime, null);
  }

  /** This provenance with what the baseline cache did. */
  public Provenance withBaselineCache(String value) {
    return new Provenance(recipeSha256, seed, topiaryVersion, dl4jVersion, nd4jVersion, javaVersion, javaVendor, os,
        cpuModel, availableProcessors, ompNumThreads, measureThreads, startTime, value);
  }

  /** Describes this JVM and machine for a run of {@code resolvedRecipeYaml} started at {@code start}. */
  public static Provenance capture(String resolvedRecipeYaml, long seed, MeterSettings measure, Instant start) {
    String omp = System.getenv("OMP_NUM_THREADS");
    return new Provenance(sha256(resolvedRecipeYaml), seed, currentTopiaryVersion(),
        mavenVersion("org.deeplearning4j", "deeplearning4j-nn"), mavenVersion("org.nd4j", "nd4j-api"),
        System.getProperty("java.version"), System.getProperty("java.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        readCpuModel(), Runtime.getRuntime().availableProcessors(), omp == null ? "unset" : omp,
        measure == null ? null : measure.threads(), start.toString());
  }

  /**
   * Topiary's version, from the build ({@code unknown} when run from unfiltered sources), followed
   * by the source revision when the launcher passes one in the system property
   * {@code topiary.sourceRevision} (e.g. {@code 0.1.0-SNAPSHOT (git 1a2b3c4, modified)}).
   */
  public static String currentTopiaryVersion() {
    Properties properties = load("/dev/topiary/pipeline/version.properties");
    String version = properties.getProperty("version");
    version = version == null || version.startsWith("${") ? "unknown" : version;
    String revision = System.getProperty("topiary.sourceRevision", "").strip();
    return revision.isEmpty() ? version : version + " (" + revision + ")";
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes, in lower-case hex. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The version of a Maven artifact on the class path, or {@code unknown}. */
  public static String mavenVersion(String group, String artifact) {
    String version = load("/META-INF/maven/" + group + "/" + artifact + "/pom.properties").getProperty("version");
    return version == null ? "unknown" : version;
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource means "unknown", which the callers report
    }
    return properties;
  }

  private static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: reported as unknown
    }
    return "unknown";
  }
}
