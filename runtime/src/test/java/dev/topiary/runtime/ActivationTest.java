package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ActivationTest {

  private static final float[] X = {-2f, -0.5f, 0f, 0.25f, 3f};

  private static float[] run(Activation activation) {
    return RuntimeModel.builder(X.length).activation(activation).build().predict(X.clone(), 1);
  }

  private static void check(Activation activation, java.util.function.DoubleUnaryOperator f) {
    float[] y = run(activation);
    for (int i = 0; i < X.length; i++) {
      assertThat(y[i]).as("%s(%s)", activation, X[i]).isCloseTo((float) f.applyAsDouble(X[i]), within(1e-6f));
    }
  }

  @Test
  void elementWiseFunctionsFollowDl4jDefinitions() {
    check(Activation.IDENTITY, x -> x);
    check(Activation.RELU, x -> Math.max(0, x));
    check(Activation.leakyRelu(0.1f), x -> x < 0 ? 0.1 * x : x);
    check(Activation.elu(0.7f), x -> x > 0 ? x : 0.7 * (Math.exp(x) - 1));
    check(Activation.TANH, Math::tanh);
    check(Activation.SIGMOID, x -> 1 / (1 + Math.exp(-x)));
  }

  @Test
  void softmaxNormalisesEachRow() {
    float[] y = run(Activation.SOFTMAX);
    float[] expected = Naive.softmax(X, 1, X.length);
    for (int i = 0; i < X.length; i++) {
      assertThat(y[i]).isCloseTo(expected[i], within(1e-7f));
    }
  }

  @Test
  void badActivationsAreRejected() {
    assertThatThrownBy(() -> new Activation(Activation.Function.RELU, 0.5f))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("RELU takes no alpha, got 0.5");
    assertThatThrownBy(() -> Activation.leakyRelu(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("activation alpha must be finite, got NaN");
    assertThatThrownBy(() -> RuntimeModel.builder(1, 2, 2).activation(Activation.SOFTMAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0: softmax needs a flat input, got shape 1x2x2; flatten first");
  }
}
