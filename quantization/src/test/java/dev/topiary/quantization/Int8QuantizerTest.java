package dev.topiary.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.quantization.calibration.ActivationStatistics;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {

  private static NetworkModel mlp;
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void trainTinyMlp() {
    Dataset all = TinyNetworks.blobs(5, 1200, 20, 4);
    int[] first = new int[800];
    int[] rest = new int[400];
    for (int i = 0; i < 1200; i++) {
      if (i < 800) {
        first[i] = i;
      } else {
        rest[i - 800] = i;
      }
    }
    train = all.subset(first);
    test = all.subset(rest);
    mlp = TinyNetworks.mlp(3, 20, 32, 16, 4);
    for (int epoch = 0; epoch < 3; epoch++) {
      mlp.network().fit(train.iterator(50, true, epoch));
    }
  }

  @AfterAll
  static void close() {
    mlp.close();
  }

  private static int agreement(RuntimeModel a, RuntimeModel b, Dataset data) {
    float[] pa = a.predict(data.features(), data.rows());
    float[] pb = b.predict(data.features(), data.rows());
    int classes = a.classCount();
    int same = 0;
    for (int r = 0; r < data.rows(); r++) {
      int ba = 0;
      int bb = 0;
      for (int c = 1; c < classes; c++) {
        ba = pa[r * classes + c] > pa[r * classes + ba] ? c : ba;
        bb = pb[r * classes + c] > pb[r * classes + bb] ? c : bb;
      }
      same += ba == bb ? 1 : 0;
    }
    return same;
  }

  @Test
  void everyMethodGivesAnInt8ModelThatAgreesWithTheFloatModel() {
    for (CalibrationMethod method : CalibrationMethod.values()) {
      for (WeightGranularity granularity : WeightGranularity.values()) {
        QuantizationResult result = Int8Quantizer.builder().calibration(method).weights(granularity)
            .calibrationExamples(256).kernels(KernelChoice.DENSE).build().quantize(mlp, train);
        assertThat(result.model().layers()).extracting(LayerInfo::kernel)
            .containsExactly(KernelKind.INT8, KernelKind.INT8, KernelKind.INT8);
        assertThat(agreement(result.model(), result.floatModel(), test)).as("%s %s", method, granularity)
            .isGreaterThanOrEqualTo(390);
        assertThat(result.layers()).allSatisfy(layer -> {
          assertThat(layer.precision()).isEqualTo("int8");
          assertThat(layer.sqnrDb()).isGreaterThan(20);
        });
        assertThat(result.fileBytes()).isLessThan(result.floatFileBytes());
      }
    }
  }

  @Test
  void reportShowsScalesRangesAndHistograms() {
    QuantizationResult result = Int8Quantizer.builder().calibration(CalibrationMethod.MINMAX)
        .calibrationExamples(100).build().quantize(mlp, train);
    LayerQuantization first = result.layers().get(0);
    assertThat(first.weightScales()).isEqualTo(32);
    assertThat(first.calibratedMin()).isLessThanOrEqualTo(first.observedMin() + first.inputScale());
    assertThat(first.calibratedMax()).isGreaterThanOrEqualTo(first.observedMax() - first.inputScale());
    assertThat(first.clippedFraction()).isZero();
    LayerQuantization second = result.layers().get(1);
    assertThat(second.observedMin()).isZero();
    assertThat(second.inputZeroPoint()).isZero();
    assertThat(result.statistics()).containsOnlyKeys("dense_0", "dense_1", "dense_2");
    ActivationStatistics hidden = result.statistics().get("dense_1");
    assertThat(hidden.positive().total() + hidden.zeros()).isEqualTo(100 * 32);
    assertThat(hidden.zeros()).isPositive();
    assertThat(result.calibrationExamples()).isEqualTo(100);
  }

  @Test
  void keepFloatLeavesNamedLayersInFp32() {
    QuantizationResult result = Int8Quantizer.builder().keepFloat(List.of("layer2")).calibrationExamples(64)
        .kernels(KernelChoice.DENSE).build().quantize(mlp, train);
    assertThat(result.model().layers()).extracting(LayerInfo::kernel)
        .containsExactly(KernelKind.INT8, KernelKind.INT8, KernelKind.DENSE);
    assertThat(result.layers().get(2).precision()).isEqualTo("fp32");
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> Int8Quantizer.builder().keepFloat(List.of("layer7")).build().quantize(mlp, train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepFloat names unknown layer 'layer7'; known: [layer0, layer1, layer2, dense_0, dense_1, "
            + "dense_2]");
    assertThatThrownBy(() -> Int8Quantizer.builder().calibrationExamples(801).build().quantize(mlp, train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calibrationExamples is 801, but the calibration data has only 800 rows");
    assertThatThrownBy(() -> Int8Quantizer.builder().calibrationExamples(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calibrationExamples must be positive, got 0");
    assertThatThrownBy(() -> Int8Quantizer.builder().percentile(50).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be in (50, 100], got 50.0");
    Dataset wide = TinyNetworks.blobs(1, 100, 21, 4);
    assertThatThrownBy(() -> Int8Quantizer.builder().calibrationExamples(10).build().quantize(mlp, wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calibration data has 21 features per row, but the model takes 20");
    QuantizationResult once = Int8Quantizer.builder().calibrationExamples(10).kernels(KernelChoice.DENSE).build()
        .quantize(mlp, train);
    assertThatThrownBy(() -> Int8Quantizer.builder().calibrationExamples(10).build().quantize(once.model(),
        train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (dense_0) is int8 already; quantize the fp32 model");
  }

  @Test
  void aDropExactlyAtTheBudgetIsWithinIt() {
    // 6 of 6,000 validation rows is exactly 0.001; in doubles 5415/6000 - 5409/6000 > 0.001
    assertThat(5415 / 6000.0 - 5409 / 6000.0).isGreaterThan(0.001);
    assertThat(Int8Quantizer.exceedsBudget(5415 / 6000.0, 5409 / 6000.0, 0.001)).isFalse();
    assertThat(Int8Quantizer.exceedsBudget(5415 / 6000.0, 5408 / 6000.0, 0.001)).isTrue();
    assertThat(Int8Quantizer.exceedsBudget(0.5, 0.5, 0.0)).isFalse();
    assertThat(Int8Quantizer.exceedsBudget(0.5, 0.5 - 1.0 / 6000, 0.0)).isTrue();
  }

  @Test
  void fallbackReturnsLayersToFp32UntilTheBudgetHolds() {
    Int8Quantizer quantizer = Int8Quantizer.builder().calibrationExamples(64).kernels(KernelChoice.DENSE)
        .calibration(CalibrationMethod.PERCENTILE).percentile(60).weights(WeightGranularity.PER_TENSOR).build();
    QuantizationResult plain = quantizer.quantize(mlp, train);
    float[] rows = Int8Quantizer.calibrationRows(train, 64, 42);
    QuantizationResult fallback = quantizer.quantize(plain.floatModel(), rows, 64, test, 0.0);
    assertThat(fallback.initialAccuracy()).isLessThan(fallback.floatAccuracy());
    assertThat(fallback.fallback()).isNotEmpty();
    FallbackStep last = fallback.fallback().get(fallback.fallback().size() - 1);
    assertThat(last.drop()).isLessThanOrEqualTo(0.0);
    assertThat(Int8Quantizer.accuracy(fallback.model(), test)).isEqualTo(last.accuracy());
    assertThat(fallback.layers().stream().filter(l -> l.precision().equals("fp32")).count())
        .isEqualTo(fallback.fallback().size());
  }

  @Test
  void cnnQuantizesItsConvolutionAndBiasCorrectionHelpsOnAverage() {
    Dataset images = TinyNetworks.imageBlobs(2, 300, 8, 3);
    try (NetworkModel cnn = TinyNetworks.cnn(4, 8, 4, 3)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        cnn.network().fit(images.iterator(50, true, epoch));
      }
      QuantizationResult result = Int8Quantizer.builder().calibrationExamples(100).kernels(KernelChoice.DENSE)
          .build().quantize(cnn, images);
      assertThat(result.model().layers().get(0).kernel()).isEqualTo(KernelKind.INT8);
      assertThat(result.model().layers().get(0).type()).isEqualTo("conv2d");
      assertThat(agreement(result.model(), result.floatModel(), images)).isGreaterThanOrEqualTo(290);
      assertThat(result.layers().get(0).biasShiftMax()).isPositive();
    }
  }
}
