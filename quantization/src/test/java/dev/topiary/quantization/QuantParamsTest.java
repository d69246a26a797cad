package dev.topiary.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantParamsTest {

  @Test
  void symmetricWeightScaleIsMaxOver127AndRoundsHalfToEven() {
    QuantParams p = QuantParams.symmetricWeights(2.54f);
    assertThat(p.scale()).isEqualTo(0.02f);
    assertThat(p.zeroPoint()).isZero();
    assertThat(p.quantize(2.54f)).isEqualTo(127);
    assertThat(p.quantize(-2.54f)).isEqualTo(-127);
    assertThat(p.quantize(10f)).isEqualTo(127);
    assertThat(p.quantize(-10f)).isEqualTo(-127);
    assertThat(p.quantize(0.01f)).isZero();
    assertThat(p.quantize(0.03f)).isEqualTo(2);
    assertThat(p.quantize(0.05f)).isEqualTo(2);
    assertThat(p.dequantize(-3)).isCloseTo(-0.06f, within(1e-7f));
  }

  @Test
  void asymmetricUint8HasAZeroPointThatMakesZeroExact() {
    QuantParams p = QuantParams.asymmetricActivations(-1f, 3f);
    assertThat(p.scale()).isEqualTo(4f / 255f);
    assertThat(p.zeroPoint()).isEqualTo(64);
    assertThat(p.quantize(0f)).isEqualTo(64);
    assertThat(p.fakeQuantize(0f)).isZero();
    assertThat(p.quantize(-1f)).isEqualTo(0);
    assertThat(p.quantize(3f)).isEqualTo(255);
    assertThat(p.quantize(-2f)).isEqualTo(0);
    assertThat(p.quantize(99f)).isEqualTo(255);
    assertThat(p.runtimeZeroPoint()).isEqualTo(-64);
    assertThat(p.runtimeCode(0f)).isEqualTo((byte) -64);
    assertThat(p.runtimeCode(3f)).isEqualTo((byte) 127);

    QuantParams relu = QuantParams.asymmetricActivations(0f, 2.55f);
    assertThat(relu.scale()).isEqualTo(0.01f);
    assertThat(relu.zeroPoint()).isZero();
    assertThat(relu.quantize(1.005f)).isEqualTo(100);
  }

  @Test
  void roundTripErrorIsAtMostHalfAStepInsideTheRange() {
    QuantParams p = QuantParams.asymmetricActivations(-0.7f, 1.9f);
    for (float x = -0.7f; x <= 1.9f; x += 0.0137f) {
      assertThat(Math.abs(p.fakeQuantize(x) - x)).isLessThanOrEqualTo(p.scale() / 2 + 1e-6f);
    }
    QuantParams s = QuantParams.symmetricActivations(4f);
    assertThat(s.min()).isEqualTo(-128);
    assertThat(s.quantize(-5f)).isEqualTo(-128);
    assertThat(s.quantize(4f)).isEqualTo(127);
  }

  @Test
  void degenerateRangesGetScaleOne() {
    assertThat(QuantParams.symmetricWeights(0f).scale()).isEqualTo(1f);
    assertThat(QuantParams.asymmetricActivations(0f, 0f)).isEqualTo(new QuantParams(1f, 0, 0, 255));
  }

  @Test
  void badParametersAreNamed() {
    assertThatThrownBy(() -> QuantParams.asymmetricActivations(0.5f, 2f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an asymmetric range must be finite and include 0, got [0.5, 2.0]");
    assertThatThrownBy(() -> new QuantParams(0f, 0, 0, 255))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scale must be positive and finite, got 0.0");
    assertThatThrownBy(() -> new QuantParams(1f, 300, 0, 255))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zeroPoint must be in [0, 255], got 300");
    assertThatThrownBy(() -> QuantParams.symmetricWeights(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAbs must be finite and not negative, got NaN");
  }

  @Test
  void weightsPerChannelAndPerTensor() {
    float[] w = {1.27f, -0.5f, 0.01f, 0.1f, -0.2f, 0.05f};
    QuantizedWeights perChannel = QuantizedWeights.quantize(w, 2, WeightGranularity.PER_CHANNEL);
    assertThat(perChannel.scales()).containsExactly(0.01f, 0.2f / 127f);
    assertThat(perChannel.codes()).containsExactly(127, -50, 1, 64, -127, 32);
    QuantizedWeights perTensor = QuantizedWeights.quantize(w, 2, WeightGranularity.PER_TENSOR);
    assertThat(perTensor.scales()).containsExactly(0.01f);
    assertThat(perTensor.codes()).containsExactly(127, -50, 1, 10, -20, 5);
    float[] back = perChannel.dequantize();
    for (int i = 0; i < w.length; i++) {
      assertThat(Math.abs(back[i] - w[i])).isLessThanOrEqualTo(perChannel.scale(i / 3) / 2 + 1e-7f);
    }
    float[] pruned = {0f, 0f, 0f, 0.3f, 0f, -0.3f};
    QuantizedWeights sparse = QuantizedWeights.quantize(pruned, 2, WeightGranularity.PER_CHANNEL);
    assertThat(sparse.codes()).containsExactly(0, 0, 0, 127, 0, -127);
    assertThat(sparse.scales()).containsExactly(1f, 0.3f / 127f);
    assertThat(sparse.nonZeros()).isEqualTo(2);
  }

  @Test
  void sqnrIsTenLog10OfPowerOverNoise() {
    assertThat(SignalToQuantizationNoise.decibels(new float[] {3f, 4f}, new float[] {3f, 3f}))
        .isCloseTo(10 * Math.log10(25), within(1e-12));
    assertThat(SignalToQuantizationNoise.decibels(new float[] {1f}, new float[] {1f})).isInfinite();
    assertThatThrownBy(() -> SignalToQuantizationNoise.decibels(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal and approximation must have the same, non-zero length, got 2 and 3");
  }

  @Test
  void recipeNamesRoundTripAndUnknownNamesListTheKnownOnes() {
    assertThat(WeightGranularity.fromRecipeName("per-channel")).isEqualTo(WeightGranularity.PER_CHANNEL);
    assertThat(CalibrationMethod.fromRecipeName("mse")).isEqualTo(CalibrationMethod.MSE);
    assertThatThrownBy(() -> CalibrationMethod.fromRecipeName("kl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calibration must be one of [minmax, percentile, entropy, mse], got 'kl'");
    assertThatThrownBy(() -> ActivationScheme.fromRecipeName("uint8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("activations must be one of [asymmetric, symmetric], got 'uint8'");
  }
}
