package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8LayersTest {

  private static float[] random(Random random, int n, float scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (random.nextGaussian() * scale);
    }
    return out;
  }

  private static RuntimeModel floatCnn(Random random) {
    return RuntimeModel.builder(2, 6, 6)
        .conv2d(3, Window.of(3, 3).pad(1, 1, 1, 1), random(random, 3 * 2 * 9, 0.3f), random(random, 3, 0.1f),
            Activation.RELU, KernelKind.DENSE)
        .maxPool(Window.of(2, 2).stride(2, 2))
        .flatten()
        .dense(5, random(random, 5 * 27, 0.2f), random(random, 5, 0.1f), Activation.RELU, KernelKind.DENSE)
        .dense(4, random(random, 4 * 5, 0.5f), random(random, 4, 0.1f), Activation.SOFTMAX, KernelKind.DENSE)
        .build();
  }

  /** Symmetric per-channel codes of a layer's weights, and its input quantized over [lo, hi] as uint8. */
  static ModelSurgery.Int8Replacement quantize(ModelSurgery.WeightedLayer layer, float lo, float hi,
      boolean sparse) {
    float[] w = layer.weights();
    float[] scales = new float[layer.outputs()];
    byte[] codes = new byte[w.length];
    for (int o = 0; o < layer.outputs(); o++) {
      float max = 0f;
      for (int i = 0; i < layer.fanIn(); i++) {
        max = Math.max(max, Math.abs(w[o * layer.fanIn() + i]));
      }
      scales[o] = max == 0f ? 1f : max / 127f;
      for (int i = 0; i < layer.fanIn(); i++) {
        codes[o * layer.fanIn() + i] = (byte) Math.rint(w[o * layer.fanIn() + i] / scales[o]);
      }
    }
    float scale = (hi - lo) / 255f;
    int zero = (int) Math.rint(-lo / scale) - 128;
    return new ModelSurgery.Int8Replacement(scale, zero, scales, codes, layer.bias(), sparse);
  }

  private static RuntimeModel int8(RuntimeModel model, boolean sparse) {
    List<ModelSurgery.WeightedLayer> layers = ModelSurgery.weightedLayers(model);
    assertThat(layers).extracting(ModelSurgery.WeightedLayer::index).containsExactly(0, 3, 4);
    return ModelSurgery.replace(model, Map.of(
        0, quantize(layers.get(0), -3f, 3f, false),
        3, quantize(layers.get(1), 0f, 4f, sparse),
        4, quantize(layers.get(2), 0f, 4f, false)));
  }

  @Test
  void int8ModelTracksTheFloatModelAndSurvivesAFileRoundTrip() throws Exception {
    Random random = new Random(42);
    RuntimeModel fp32 = floatCnn(random);
    RuntimeModel q = int8(fp32, false);
    assertThat(q.layers()).extracting(LayerInfo::kernel)
        .containsExactly(KernelKind.INT8, KernelKind.NONE, KernelKind.NONE, KernelKind.INT8, KernelKind.INT8);
    float[] x = random(random, 8 * 72, 1f);
    float[] expected = fp32.predict(x, 8);
    float[] actual = q.predict(x, 8);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(0.05f));
    }
    RuntimeModel loaded = RuntimeModel.read(q.toBytes());
    assertThat(loaded.predict(x, 8)).containsExactly(actual);
    assertThat(loaded.toBytes()).isEqualTo(q.toBytes());
    float[] single = new float[72];
    System.arraycopy(x, 72, single, 0, 72);
    float[] one = q.predict(single, 1);
    for (int c = 0; c < 4; c++) {
      assertThat(one[c]).isEqualTo(actual[4 + c]);
    }
  }

  @Test
  void sparseInt8EqualsDenseInt8AndStoresFewerBytes() throws Exception {
    Random random = new Random(9);
    RuntimeModel fp32 = floatCnn(random);
    List<ModelSurgery.WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    // Prune 80 % of the dense layer by zeroing small codes through a sparse float model.
    float[] w = layers.get(1).weights();
    for (int i = 0; i < w.length; i++) {
      if (i % 5 != 0) {
        w[i] = 0f;
      }
    }
    RuntimeModel pruned = RuntimeModel.builder(2, 6, 6)
        .conv2d(3, layers.get(0).window(), layers.get(0).weights(), layers.get(0).bias(), Activation.RELU,
            KernelKind.DENSE)
        .maxPool(Window.of(2, 2).stride(2, 2))
        .flatten()
        .dense(5, w, layers.get(1).bias(), Activation.RELU, KernelKind.SPARSE)
        .dense(4, layers.get(2).weights(), layers.get(2).bias(), Activation.SOFTMAX, KernelKind.DENSE)
        .build();
    RuntimeModel dense = int8(pruned, false);
    RuntimeModel sparse = int8(pruned, true);
    assertThat(sparse.layers().get(3).kernel()).isEqualTo(KernelKind.SPARSE_INT8);
    assertThat(sparse.layers().get(3).nonZeroCount()).isEqualTo(dense.layers().get(3).nonZeroCount());
    float[] x = random(random, 5 * 72, 1f);
    assertThat(sparse.predict(x, 5)).containsExactly(dense.predict(x, 5));
    assertThat(RuntimeModel.read(sparse.toBytes()).predict(x, 5)).containsExactly(dense.predict(x, 5));
    assertThat(RuntimeModel.read(dense.toBytes()).predict(x, 5)).containsExactly(dense.predict(x, 5));
    assertThat(RuntimeModel.read(dense.toBytes()).layers().get(3).kernel()).isEqualTo(KernelKind.INT8);
    assertThat(ModelSurgery.weightedLayers(sparse).get(1).weights()).hasSize(5 * 27);
  }

  @Test
  void dynamicInt8QuantizesEachExampleWithItsOwnRange() throws Exception {
    Random random = new Random(21);
    RuntimeModel fp32 = floatCnn(random);
    List<ModelSurgery.WeightedLayer> layers = ModelSurgery.weightedLayers(fp32);
    Map<Integer, ModelSurgery.Int8Replacement> replacements = new java.util.LinkedHashMap<>();
    for (ModelSurgery.WeightedLayer layer : layers) {
      ModelSurgery.Int8Replacement r = quantize(layer, 0f, 1f, false);
      replacements.put(layer.index(), ModelSurgery.Int8Replacement.dynamic(r.weightScales(), r.codes(), r.bias()));
    }
    RuntimeModel dynamic = ModelSurgery.replace(fp32, replacements);
    assertThat(dynamic.layers().get(0).kernel()).isEqualTo(KernelKind.DYNAMIC_INT8);
    float[] x = random(random, 6 * 72, 1f);
    float[] expected = fp32.predict(x, 6);
    float[] actual = dynamic.predict(x, 6);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(0.05f));
    }
    assertThat(RuntimeModel.read(dynamic.toBytes()).predict(x, 6)).containsExactly(actual);
    float[] second = java.util.Arrays.copyOfRange(x, 72, 144);
    float[] alone = dynamic.predict(second, 1);
    for (int c = 0; c < 4; c++) {
      assertThat(alone[c]).isEqualTo(actual[4 + c]);
    }
  }

  @Test
  void eightThreadsGetTheSingleThreadedResults() throws Exception {
    Random random = new Random(8);
    RuntimeModel q = int8(floatCnn(random), false);
    float[] x = random(random, 16 * 72, 1f);
    float[] expected = q.predict(x, 16);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int rows = 1 + t % 4;
        results.add(pool.submit(() -> {
          boolean same = true;
          for (int rep = 0; rep < 50; rep++) {
            float[] all = q.predict(x, 16);
            same &= java.util.Arrays.equals(all, expected);
            float[] part = q.predict(java.util.Arrays.copyOf(x, rows * 72), rows);
            same &= java.util.Arrays.equals(part, java.util.Arrays.copyOf(expected, rows * 4));
          }
          return same;
        }));
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void int8FieldsAreCheckedWhenLoading() throws Exception {
    RuntimeModel model = RuntimeModel.builder(2).dense(2, new float[] {1f, 0f, 0f, 1f}, new float[2],
        Activation.SOFTMAX, KernelKind.DENSE).build();
    RuntimeModel q = ModelSurgery.replace(model, Map.of(0, new ModelSurgery.Int8Replacement(0.01f, -128,
        new float[] {1f / 127}, new byte[] {127, 0, 0, 127}, new float[2], true)));
    byte[] bytes = q.toBytes();
    assertThat(RuntimeModel.read(bytes).predict(new float[] {1f, 0f}, 1)[0]).isGreaterThan(0.5f);
    assertThatThrownBy(() -> ModelSurgery.replace(model, Map.of(0, new ModelSurgery.Int8Replacement(0.01f, -200,
        new float[] {1f}, new byte[4], new float[2], false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (dense_0): input zero point must be in [-128, 127], got -200");
  }

  @Test
  void layerTimingAndTraceCoverEveryLayer() {
    RuntimeModel model = floatCnn(new Random(1));
    float[] x = random(new Random(2), 3 * 72, 1f);
    List<float[]> trace = ModelSurgery.trace(model, x, 3);
    assertThat(trace).hasSize(5);
    assertThat(trace.get(4)).containsExactly(model.predict(x, 3));
    assertThat(ModelSurgery.layerNanos(model, 0, x, 3, 1_000_000, 5)).isPositive();
  }
}
