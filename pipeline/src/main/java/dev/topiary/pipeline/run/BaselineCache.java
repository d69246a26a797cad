package dev.topiary.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.report.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The baseline cache: trained models ({@code model.train}, the baseline and each declared model)
 * stored under a key that is the SHA-256 of everything that determines them, and reused by later
 * runs instead of training again.
 *
 * <p>The key covers: the model section as resolved JSON (architecture and training settings), the
 * training seed, the loaded data itself (every feature and label of the training, validation and
 * test splits, so the data section, its files' contents and the split seed are all in it), the
 * {@code OMP_NUM_THREADS} setting, and Topiary's, DL4J's and ND4J's versions. Models loaded from
 * a file ({@code model.file}) are not cached: loading is what the cache would do.
 *
 * <p>Layout: {@code <folder>/baselines/<key>/model.zip} (with the updater state, so fine-tuning a
 * reused baseline continues exactly like fine-tuning a fresh one) and {@code entry.json} (the key,
 * the inputs it was made from, and the SHA-256 of {@code model.zip}). An entry is written into a
 * temporary folder beside it and moved into place in one rename: a killed run leaves no entry,
 * only a {@code .tmp-} folder that later runs delete. An entry whose {@code entry.json} or model
 * does not check out (corrupt, truncated, or another key's) is never trusted: it is reported with
 * a warning, deleted, and rebuilt.
 *
 * <p>The default folder is {@code $TOPIARY_CACHE}, else {@code $XDG_CACHE_HOME/topiary}, else
 * {@code ~/.cache/topiary}; {@code topiary run --cache-dir DIR} overrides it and {@code --no-cache}
 * trains afresh (and stores nothing). Note that Topiary's version is its release version plus the
 * source revision when the launcher passes one, so a development build's code changes invalidate
 * the cache only through that revision; use {@code --no-cache} when changing training code.
 */
public final class BaselineCache {

  /** The version of the entry format; part of every key. */
  static final String FORMAT = "topiary-baseline-cache-1";

  private final Path folder;
  private final TopiaryJson json;
  private final PrintWriter warnings;

  /**
   * A cache in {@code folder} (created when the first entry is stored).
   *
   * @param warnings where a corrupt or foreign entry is reported
   */
  public BaselineCache(Path folder, TopiaryJson json, PrintWriter warnings) {
    if (folder == null || json == null || warnings == null) {
      throw new IllegalArgumentException("folder, json and warnings must not be null");
    }
    this.folder = folder;
    this.json = json;
    this.warnings = warnings;
  }

  /** The default cache folder: {@code $TOPIARY_CACHE}, {@code $XDG_CACHE_HOME/topiary} or {@code ~/.cache/topiary}. */
  public static Path defaultFolder() {
    String explicit = System.getenv("TOPIARY_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "topiary");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "topiary");
  }

  /** The cache's folder. */
  public Path folder() {
    return folder;
  }

  /** A baseline builder that reuses this cache's entries and stores what {@code delegate} trains. */
  public Builder builder(BaselineBuilder delegate) {
    return new Builder(delegate);
  }

  /**
   * The key of the model {@code spec} trained with {@code seed} on {@code data}: SHA-256 (hex) of
   * the inputs listed in the class description.
   */
  public String key(ModelSpec spec, DataSplits data, long seed) {
    return sha256(keyInputs(spec, data, seed).toString());
  }

  private ObjectNode keyInputs(ModelSpec spec, DataSplits data, long seed) {
    ObjectNode inputs = json.json().createObjectNode();
    inputs.put("format", FORMAT);
    inputs.set("model", json.json().valueToTree(spec));
    // the seed the model is trained with: its own when the spec names one, so the same model is one
    // entry whether it is a baseline or a declared model (whose default seeds differ)
    inputs.put("seed", spec.train() != null ? spec.train().seedOr(seed) : seed);
    inputs.put("dataSha256", dataSha256(data));
    String omp = System.getenv("OMP_NUM_THREADS");
    inputs.put("ompNumThreads", omp == null ? "unset" : omp);
    inputs.put("topiaryVersion", Provenance.currentTopiaryVersion());
    inputs.put("dl4jVersion", Provenance.mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
    inputs.put("nd4jVersion", Provenance.mavenVersion("org.nd4j", "nd4j-api"));
    return inputs;
  }

  /** SHA-256 of every feature and label of the three splits, in order, with their shapes. */
  static String dataSha256(DataSplits data) {
    MessageDigest digest = sha256();
    for (Dataset split : List.of(data.train(), data.validation(), data.test())) {
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      head.putInt(split.rows()).putInt(split.featureCount()).putInt(split.classCount());
      digest.update(head.array());
      float[] features = split.features();
      ByteBuffer buffer = ByteBuffer.allocate(4 * 8192).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < features.length; i++) {
        buffer.putFloat(features[i]);
        if (!buffer.hasRemaining()) {
          digest.update(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
      }
      digest.update(buffer.array(), 0, buffer.position());
      buffer.clear();
      for (int label : split.labels()) {
        if (!buffer.hasRemaining()) {
          digest.update(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        buffer.putInt(label);
      }
      digest.update(buffer.array(), 0, buffer.position());
      digest.update(String.join("\n", split.classNames()).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private Path entry(String key) {
    return folder.resolve("baselines").resolve(key);
  }

  /** The cached model of {@code key}, or null if there is none or it does not check out (then it is deleted). */
  NetworkModel load(String key, DataSplits data, Path baseDirectory) {
    Path entry = entry(key);
    if (!Files.isDirectory(entry)) {
      return null;
    }
    String problem;
    try {
      JsonNode meta = json.json().readTree(entry.resolve("entry.json").toFile());
      Path model = entry.resolve("model.zip");
      if (meta == null || !key.equals(meta.path("key").asText())) {
        problem = "its entry.json is for another key";
      } else if (!Files.isRegularFile(model)) {
        problem = "it has no model.zip";
      } else if (!fileSha256(model).equals(meta.path("modelSha256").asText())) {
        problem = "its model.zip does not match the checksum in entry.json";
      } else {
        return ModelSpec.fromFile(model.toAbsolutePath().toString()).build(data, baseDirectory, 0,
            ProgressReporter.NONE);
      }
    } catch (IOException | BadInputException | RuntimeException e) {
      problem = "it cannot be read: " + PlainMessage.of(e);
    }
    warnings.println("warning: baseline cache entry " + entry + " is not usable (" + problem
        + "); it is ignored and rebuilt");
    warnings.flush();
    try {
      OutputFolder.deleteRecursively(entry);
    } catch (IOException e) {
      warnings.println("warning: could not delete " + entry + ": " + PlainMessage.of(e));
    }
    return null;
  }

  /** Stores {@code model} under {@code key}: a temporary folder, then one rename. */
  void store(String key, ObjectNode inputs, NetworkModel model) throws IOException {
    Path baselines = Files.createDirectories(folder.resolve("baselines"));
    Path temporary = baselines.resolve(".tmp-" + key + "-" + UUID.randomUUID());
    Files.createDirectories(temporary);
    try {
      Path zip = temporary.resolve("model.zip");
      ModelSerializer.writeModel(model.network(), zip.toFile(), true);
      ObjectNode meta = json.json().createObjectNode();
      meta.put("key", key);
      meta.put("modelSha256", fileSha256(zip));
      meta.set("inputs", inputs);
      Files.writeString(temporary.resolve("entry.json"), json.json().writeValueAsString(meta) + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(temporary, entry(key), StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // another run stored the same key first: its entry is as good as ours
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the cache folder " + folder + " does not support atomic renames", e);
      }
    } finally {
      if (Files.exists(temporary)) {
        OutputFolder.deleteRecursively(temporary);
      }
    }
  }

  private static String fileSha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * What the cache did for one model.
   *
   * @param key the cache key
   * @param reused true if the model came from the cache, false if it was trained (and stored)
   */
  public record Event(String key, boolean reused) {}

  /** A {@link BaselineBuilder} in front of another: reuses cached models, stores trained ones. */
  public final class Builder implements BaselineBuilder {
    private final BaselineBuilder delegate;
    private final List<Event> events = new ArrayList<>();

    private Builder(BaselineBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public ModelHandle build(ModelSpec spec, DataSplits data, Path baseDirectory, long seed,
        ProgressReporter progress) throws BadInputException {
      if (spec.train() == null) {
        return delegate.build(spec, data, baseDirectory, seed, progress);
      }
      ObjectNode inputs = keyInputs(spec, data, seed);
      String key = sha256(inputs.toString());
      NetworkModel cached = load(key, data, baseDirectory);
      if (cached != null) {
        events.add(new Event(key, true));
        return cached;
      }
      ModelHandle built = delegate.build(spec, data, baseDirectory, seed, progress);
      if (built instanceof NetworkModel network) {
        try {
          store(key, inputs, network);
          events.add(new Event(key, false));
        } catch (IOException | RuntimeException e) {
          warnings.println("warning: could not store the baseline in the cache " + folder + ": " + PlainMessage.of(e));
          warnings.flush();
        }
      }
      return built;
    }

    @Override
    public dev.topiary.core.model.NetworkModel architecture(ModelSpec spec, DataSplits data, Path baseDirectory,
        long seed) throws BadInputException {
      return delegate.architecture(spec, data, baseDirectory, seed);
    }

    @Override
    public ModelHandle copy(ModelHandle model) {
      return delegate.copy(model);
    }

    /** What the cache did for each model built so far, in order. */
    public List<Event> events() {
      return List.copyOf(events);
    }

    /** True if the last model built came from the cache. */
    public boolean lastReused() {
      return !events.isEmpty() && events.get(events.size() - 1).reused();
    }
  }
}
