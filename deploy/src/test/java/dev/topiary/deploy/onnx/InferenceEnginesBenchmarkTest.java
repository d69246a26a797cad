package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.runtime.KernelKind;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's set-up, without timing: every network of the table builds, the pruned ones have
 * their sparsity, and every engine gives DL4J's probabilities on the benchmark's input, so the
 * benchmark times the same weights in each engine.
 */
class InferenceEnginesBenchmarkTest {

  @Test
  void everyNetworkRunsWithTheSameProbabilitiesInEveryEngine() throws Exception {
    for (InferenceEnginesBenchmark.Network network : InferenceEnginesBenchmark.Network.values()) {
      try (NetworkModel model = InferenceEnginesBenchmark.network(network)) {
        int batch = 3;
        float[] rows = InferenceEnginesBenchmark.randomRows(batch, NetworkModel.inputSize(model.network()));
        float[] dl4j;
        float[] onnx;
        try (var call = InferenceEnginesBenchmark.dl4j(model.network(), rows, batch)) {
          dl4j = call.run();
        }
        try (var call = InferenceEnginesBenchmark.onnxRuntime(OnnxExporter.export(model), rows, batch)) {
          onnx = call.run();
        }
        assertClose(network + " ONNX Runtime", onnx, dl4j);
        for (KernelKind kernel : new KernelKind[] {KernelKind.DENSE, KernelKind.SPARSE}) {
          try (var call = InferenceEnginesBenchmark.topiary(RuntimeCompiler.compile(model.network(), kernel), rows,
              batch)) {
            assertClose(network + " Topiary " + kernel, call.run(), dl4j);
          }
        }
      }
    }
  }

  private static void assertClose(String what, float[] actual, float[] dl4j) {
    assertThat(actual).as(what).hasSize(3 * 10).hasSameSizeAs(dl4j);
    for (int k = 0; k < dl4j.length; k++) {
      assertThat((double) actual[k]).as(what + " value " + k).isCloseTo(dl4j[k], within(1e-5));
    }
  }

  @Test
  void thePrunedNetworksHaveTheirGlobalSparsity() {
    for (var entry : java.util.Map.of(InferenceEnginesBenchmark.Network.MLP_PRUNED_90, 0.90,
        InferenceEnginesBenchmark.Network.MLP_PRUNED_95, 0.95).entrySet()) {
      try (NetworkModel model = InferenceEnginesBenchmark.network(entry.getKey())) {
        long weights = 784 * 300 + 300 * 150 + 150 * 10;
        long biases = 300 + 150 + 10;
        assertThat(model.masks().keySet()).containsExactlyInAnyOrder("0_W", "1_W", "2_W");
        long kept = model.masks().values().stream().mapToLong(NetworkModel::countNonZero).sum();
        assertThat(1.0 - (double) kept / weights).as(entry.getKey().name()).isCloseTo(entry.getValue(), within(1e-5));
        assertThat(model.parameterCount()).isEqualTo(weights + biases);
      }
    }
  }
}
