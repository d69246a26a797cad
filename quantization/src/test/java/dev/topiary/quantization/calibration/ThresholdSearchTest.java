package dev.topiary.quantization.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.quantization.ActivationScheme;
import dev.topiary.quantization.CalibrationMethod;
import dev.topiary.quantization.QuantParams;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdSearchTest {

  private static Histogram histogram(long[] counts) {
    return new Histogram(1.0, counts, counts.length);
  }

  @Test
  void minmaxIsTheObservedMaximum() {
    long[] counts = new long[2048];
    counts[10] = 5;
    counts[1500] = 1;
    assertThat(new MinMaxThreshold().threshold(new Histogram(0.5, counts, 750.2), 128)).isEqualTo(750.2);
  }

  @Test
  void percentileIsTheUpperEdgeOfTheBinThatReachesIt() {
    long[] counts = new long[2048];
    for (int j = 0; j < 100; j++) {
      counts[j] = 100;
    }
    assertThat(new PercentileThreshold(99).threshold(histogram(counts), 128)).isEqualTo(99.0);
    assertThat(new PercentileThreshold(99.5).threshold(histogram(counts), 128)).isEqualTo(100.0);
    assertThat(new PercentileThreshold(100).threshold(new Histogram(1.0, counts, 99.7), 128)).isEqualTo(99.7);
    assertThat(new PercentileThreshold(50.01).threshold(histogram(counts), 128)).isEqualTo(51.0);
  }

  @Test
  void percentileOutsideItsRangeIsRejected() {
    assertThatThrownBy(() -> new PercentileThreshold(50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be in (50, 100], got 50.0");
    assertThatThrownBy(() -> new PercentileThreshold(100.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be in (50, 100], got 100.5");
  }

  @Test
  void entropyKeepsAUniformSupportWhole() {
    // Uniform over bins 0..511, nothing beyond: 512 bins quantize to 128 levels of 4 equal bins
    // each (KL 0); fewer bins pile the clipped mass into the last bin.
    long[] counts = new long[2048];
    for (int j = 0; j < 512; j++) {
      counts[j] = 100;
    }
    assertThat(new EntropyThreshold().threshold(histogram(counts), 128)).isEqualTo(512.0);
  }

  @Test
  void entropyClipsALoneOutlier() {
    // A decreasing density on bins 0..127 and one value at bin 2047: keeping 128 bins loses only
    // that value; every wider window but the full one leaves the outlier in an empty level.
    long[] counts = new long[2048];
    for (int j = 0; j < 128; j++) {
      counts[j] = 1000 - j;
    }
    counts[2047] = 1;
    assertThat(new EntropyThreshold().threshold(histogram(counts), 128)).isEqualTo(128.0);
  }

  @Test
  void entropyClipsTheTailOfAGaussianButNotItsBulk() {
    Random random = new Random(1);
    float[] values = new float[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.abs(random.nextGaussian());
    }
    ActivationStatistics stats = ActivationStatistics.of(values, 2048);
    double threshold = new EntropyThreshold().threshold(stats.positive(), 128);
    assertThat(threshold).isLessThan(stats.max()).isGreaterThan(2.0);
  }

  @Test
  void mseBalancesRoundingNoiseAgainstClippingOneOutlier() {
    // N values at 10.5 and one at 2000.5 (bin centres): for T between them the error is
    // N·T²/(12·L²) + (2000.5 − T)², least at T* = 2000.5 / (1 + N/(12·L²)) = 876.8 → edge 877.
    long[] counts = new long[2048];
    counts[10] = 1_000_000;
    counts[2000] = 1;
    double n = 1_000_000;
    double expected = 2000.5 / (1 + n / (12.0 * 255 * 255));
    assertThat(expected).isCloseTo(876.8, within(0.1));
    assertThat(new MseThreshold().threshold(histogram(counts), 255)).isEqualTo(877.0);
  }

  @Test
  void mseKeepsASpikeJustInside() {
    long[] counts = new long[2048];
    counts[100] = 1000;
    assertThat(new MseThreshold().threshold(histogram(counts), 255)).isEqualTo(101.0);
  }

  @Test
  void statisticsGiveAsymmetricAndSymmetricParameters() {
    float[] values = {-1f, 0f, 0.5f, 3f, 2f, -0.25f};
    ActivationStatistics stats = ActivationStatistics.of(values, 2048);
    assertThat(stats.min()).isEqualTo(-1f);
    assertThat(stats.max()).isEqualTo(3f);
    assertThat(stats.count()).isEqualTo(6);
    assertThat(stats.positive().total()).isEqualTo(3);
    assertThat(stats.zeros()).isEqualTo(1);
    assertThat(stats.negative().total()).isEqualTo(2);
    assertThat(stats.positive().binWidth()).isEqualTo(3.0 / 2048);
    QuantParams asymmetric = stats.params(ActivationScheme.ASYMMETRIC, CalibrationMethod.MINMAX.search(99.99));
    assertThat(asymmetric).isEqualTo(QuantParams.asymmetricActivations(-1f, 3f));
    QuantParams symmetric = stats.params(ActivationScheme.SYMMETRIC, CalibrationMethod.MINMAX.search(99.99));
    assertThat(symmetric).isEqualTo(QuantParams.symmetricActivations(3f));
    ActivationStatistics relu = ActivationStatistics.of(new float[] {0f, 1f, 2.55f}, 2048);
    assertThat(relu.params(ActivationScheme.ASYMMETRIC, new MinMaxThreshold()))
        .isEqualTo(QuantParams.asymmetricActivations(0f, 2.55f));
    assertThat(stats.magnitude().total()).isEqualTo(5);
  }
}
