package dev.topiary.quantization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.quantization.calibration.Histogram;
import dev.topiary.runtime.RuntimeModel;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The README's int8 example, compiled and run. */
class ReadmeQuantizationExampleTest {

  @TempDir
  Path dir;

  @Test
  void readmeExampleRuns() throws Exception {
    Dataset train = TinyNetworks.blobs(1, 600, 20, 3);
    MultiLayerNetwork network = TinyNetworks.mlp(1, 20, 32, 3).network();
    network.fit(train.iterator(50, true, 1));
    DataSetIterator trainIterator = train.iterator(64, false, 0);
    Path file = dir.resolve("model-int8.tpm");

    // --- README ---
    QuantizationResult result = Int8Quantizer.builder()
        .weights(WeightGranularity.PER_CHANNEL)        // symmetric int8, one scale per output unit
        .activations(ActivationScheme.ASYMMETRIC)      // uint8 with a zero point
        .calibration(CalibrationMethod.ENTROPY)        // or MINMAX, PERCENTILE, MSE
        .calibrationExamples(512)
        .build()
        .quantize(network, trainIterator);             // or a Topiary Dataset; the network is not changed
    result.model().save(file);                         // int8 weights on disk; runs with topiary-runtime only
    for (LayerQuantization layer : result.layers()) {
      System.out.printf("%s %s: input scale %.4g, zero point %d, SQNR %.1f dB%n", layer.name(),
          layer.kernel(), layer.inputScale(), layer.inputZeroPoint(), layer.sqnrDb());
    }
    Histogram hidden = result.statistics().get("dense_1").positive();   // what calibration saw
    // --- end ---

    assertThat(RuntimeModel.load(file).layers()).hasSize(2);
    assertThat(hidden.bins()).isEqualTo(2048);
    assertThat(result.calibrationExamples()).isEqualTo(512);
  }
}
