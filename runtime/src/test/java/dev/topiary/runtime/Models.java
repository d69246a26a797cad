package dev.topiary.runtime;

import java.util.List;
import java.util.Random;

/** Small seeded models with every layer kind, for format, fuzz and thread tests. */
final class Models {

  private Models() {}

  /** A convolutional model using every layer kind and both kernels. */
  static RuntimeModel everyLayerKind(long seed) {
    Random random = new Random(seed);
    Window conv = Window.of(3, 3).pad(1, 1, 1, 1);
    return RuntimeModel.builder(2, 6, 6)
        .scaleInput(Naive.random(random, 72, 0), Naive.random(random, 72, 0))
        .conv2d(3, conv, Naive.random(random, 3 * 2 * 9, 0.3), Naive.random(random, 3, 0), Activation.RELU,
            KernelKind.DENSE)
        .conv2d(4, Window.of(2, 2), Naive.random(random, 4 * 3 * 4, 0.6), Naive.random(random, 4, 0),
            Activation.leakyRelu(0.01f), KernelKind.SPARSE)
        .maxPool(Window.of(2, 2).stride(2, 2))
        .avgPool(Window.of(2, 2).pad(1, 1, 0, 0), false)
        .activation(Activation.TANH)
        .flatten()
        .dense(7, Naive.random(random, 7 * 16, 0.5), Naive.random(random, 7, 0), Activation.elu(1f),
            KernelKind.SPARSE)
        .dense(3, Naive.random(random, 3 * 7, 0), Naive.random(random, 3, 0), Activation.SIGMOID, KernelKind.DENSE)
        .activation(Activation.SOFTMAX)
        .classNames(List.of("cat", "dog", "émeu"))
        .build();
  }

  /** A tiny dense model with fixed weights, for the golden header. */
  static RuntimeModel tiny() {
    return RuntimeModel.builder(3)
        .dense(2, new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.5f, -0.5f}, Activation.SOFTMAX, KernelKind.DENSE)
        .classNames(List.of("no", "yes"))
        .build();
  }

  static float[] inputs(RuntimeModel model, int rows, long seed) {
    return Naive.random(new Random(seed), rows * model.inputSize(), 0.1);
  }
}
