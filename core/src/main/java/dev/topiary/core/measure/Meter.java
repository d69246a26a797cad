package dev.topiary.core.measure;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.Datasets;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The one place that measures a model, the same way after the baseline and after every stage.
 *
 * <ul>
 *   <li>Size: parameters, non-zero parameters, bytes of the file {@link ModelHandle#save} writes
 *       (into a temporary folder, deleted afterwards) and bytes of that file gzipped at level 9.
 *   <li>Accuracy and loss: {@link Evaluator#evaluate} on every test row.
 *   <li>Latency, for each batch size of the settings: that many test rows (cycling if there are
 *       fewer) prepared once, untimed forward calls for at least {@code warmup} calls and
 *       {@code warmupMillis} (so the JIT has compiled DL4J's call path), then {@code iterations} calls
 *       timed one by one with {@link System#nanoTime}; median and 95th percentile (nearest rank)
 *       in microseconds, under the key {@code batch<N>}. While timing, ND4J's native threads are
 *       limited to {@code threads} (see {@link MeterSettings}).
 * </ul>
 */
public final class Meter {

  private Meter() {}

  /**
   * Measures the caller's DL4J network on one pass of {@code test} (converted by
   * {@link Datasets#from(DataSetIterator)}); the network is borrowed and left as it was.
   *
   * @throws IllegalArgumentException if the test data is empty or does not fit the network
   * @throws UncheckedIOException if the network cannot be saved to a temporary file
   */
  public static Metrics measure(MultiLayerNetwork network, DataSetIterator test, MeterSettings settings) {
    try (NetworkModel model = NetworkModel.borrow(network)) {
      return measure(model, Datasets.from(test), settings);
    }
  }

  /**
   * Measures {@code model} on {@code test} with {@code settings}.
   *
   * @throws IllegalArgumentException if the test data is empty or does not fit the model
   * @throws UncheckedIOException if the model cannot be saved to a temporary file
   */
  public static Metrics measure(ModelHandle model, Dataset test, MeterSettings settings) {
    if (test.rows() == 0) {
      throw new IllegalArgumentException("cannot measure on empty test data");
    }
    Evaluation evaluation = Evaluator.evaluate(model, test);
    long[] bytes = fileBytes(model);
    Inference inference = model.inference();
    Map<String, LatencyStats> latency = new LinkedHashMap<>();
    NativeThreadLimit limit = NativeThreadLimit.of(settings.threads());
    try {
      for (int batchSize : settings.batchSizes()) {
        latency.put("batch" + batchSize,
            LatencyTimer.time(inference, test, batchSize, settings.warmup(), settings.warmupMillis(),
                settings.iterations()));
      }
    } finally {
      limit.close();
    }
    return new Metrics(model.parameterCount(), model.nonZeroParameterCount(), bytes[0], bytes[1], latency,
        evaluation.accuracy(), evaluation.loss());
  }

  /** Bytes of the saved model file and of that file gzipped at level 9. */
  private static long[] fileBytes(ModelHandle model) {
    Path folder = null;
    Path file = null;
    try {
      folder = Files.createTempDirectory("topiary-meter");
      file = folder.resolve("model." + model.fileExtension());
      model.save(file);
      CountingOutputStream counter = new CountingOutputStream();
      try (GZIPOutputStream gzip = new BestGzipOutputStream(counter)) {
        Files.copy(file, gzip);
      }
      return new long[] {Files.size(file), counter.count};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to measure its size: " + e.getMessage(), e);
    } finally {
      deleteQuietly(file);
      deleteQuietly(folder);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      path.toFile().deleteOnExit();
    }
  }

  /** Gzip at the best compression (level 9). */
  private static final class BestGzipOutputStream extends GZIPOutputStream {
    BestGzipOutputStream(OutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }

  /** Counts the bytes written and keeps none. */
  private static final class CountingOutputStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
