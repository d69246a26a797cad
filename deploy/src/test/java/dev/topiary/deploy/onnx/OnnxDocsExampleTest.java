package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The Java example of {@code deploy/docs/onnx-export.md}, as written there, on a tiny network. */
class OnnxDocsExampleTest {

  @TempDir
  Path dir;

  @Test
  void theExampleRunsAndGivesDl4jsProbabilities() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(4, 784, 16, 10)) {
      MultiLayerNetwork network = model.network();
      int n = 3;
      float[] rows = OnnxExporterTest.randomRows(n, 784, 8);
      Path file = dir.resolve("model.onnx");

      // --- the example ---
      OnnxModel onnx = OnnxExporter.export(network);
      onnx.writeTo(file);
      float[][] probabilities;
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        try (OrtSession session = env.createSession(file.toString(), options);
            OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {n, 784});
            OrtSession.Result result = session.run(Map.of("features", input))) {
          probabilities = (float[][]) result.get(0).getValue();
        }
      }
      // --- end of the example ---

      float[][] dl4j = network.output(Nd4j.create(rows, new long[] {n, 784}, 'c'), false).toFloatMatrix();
      assertThat(probabilities.length).isEqualTo(n);
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < 10; c++) {
          assertThat((double) probabilities[r][c]).isCloseTo(dl4j[r][c], within(1e-5));
        }
      }
    }
  }
}
