package dev.topiary.deploy.compile;

import dev.topiary.runtime.Activation;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.RuntimeModelBuilder;
import dev.topiary.runtime.Window;

/** One runtime layer translated from DL4J, before its kernel is chosen. */
sealed interface LayerPlan {

  /** The DL4J layer(s) it comes from, for messages and diagnostics. */
  String source();

  /** Adds the layer to {@code builder} with {@code kernel} (ignored by layers without weights). */
  void addTo(RuntimeModelBuilder builder, KernelKind kernel);

  /** The weights, or null for layers without weights. */
  default float[] weights() {
    return null;
  }

  /** A fully connected layer, weights {@code [out][in]}. */
  record Dense(String source, int outputs, float[] weights, float[] bias, Activation activation) implements LayerPlan {
    @Override
    public void addTo(RuntimeModelBuilder builder, KernelKind kernel) {
      builder.dense(outputs, weights, bias, activation, kernel);
    }
  }

  /** A convolution, weights {@code [outC][inC][kh][kw]}. */
  record Conv(String source, int outChannels, Window window, float[] weights, float[] bias, Activation activation)
      implements LayerPlan {
    @Override
    public void addTo(RuntimeModelBuilder builder, KernelKind kernel) {
      builder.conv2d(outChannels, window, weights, bias, activation, kernel);
    }
  }

  /** Max or average pooling. */
  record Pool(String source, boolean max, Window window, boolean countIncludesPad) implements LayerPlan {
    @Override
    public void addTo(RuntimeModelBuilder builder, KernelKind kernel) {
      if (max) {
        builder.maxPool(window);
      } else {
        builder.avgPool(window, countIncludesPad);
      }
    }
  }

  /** DL4J's CNN-to-dense flattening (NCHW, channel-major). */
  record Flatten(String source) implements LayerPlan {
    @Override
    public void addTo(RuntimeModelBuilder builder, KernelKind kernel) {
      builder.flatten();
    }
  }

  /** A standalone activation. */
  record Act(String source, Activation activation) implements LayerPlan {
    @Override
    public void addTo(RuntimeModelBuilder builder, KernelKind kernel) {
      builder.activation(activation);
    }
  }
}
