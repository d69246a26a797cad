package dev.topiary.pruning.structured;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * What structured pruning can do with a layer configuration. Classes are matched exactly: the
 * subclasses of {@link ConvolutionLayer} (depthwise, separable, 1-D, transposed) lay out their
 * weights differently and are unsupported.
 */
enum LayerRole {
  /** {@code DenseLayer}: neurons are columns of W [nIn, nOut]. */
  DENSE,
  /** {@code ConvolutionLayer}: filters are the first axis of W [nOut, nIn, kH, kW]. */
  CONVOLUTION,
  /** {@code OutputLayer}: its inputs may shrink, its units (the classes) never. */
  OUTPUT,
  /** {@code BatchNormalization}: one gamma, beta, mean and variance per channel; channels pass through. */
  PER_CHANNEL,
  /** {@code SubsamplingLayer}, {@code ActivationLayer}, {@code DropoutLayer}: no parameters; channels pass through. */
  PASS_THROUGH,
  /** Anything else. */
  UNSUPPORTED;

  /** The supported configuration classes, named as error messages list them. */
  static final String SUPPORTED = "[ActivationLayer, BatchNormalization, ConvolutionLayer, DenseLayer, DropoutLayer, "
      + "OutputLayer, SubsamplingLayer]";

  static LayerRole of(Layer layer) {
    Class<?> type = layer.getClass();
    if (type == DenseLayer.class) {
      return DENSE;
    }
    if (type == ConvolutionLayer.class) {
      return CONVOLUTION;
    }
    if (type == OutputLayer.class) {
      return OUTPUT;
    }
    if (type == BatchNormalization.class) {
      return PER_CHANNEL;
    }
    if (type == SubsamplingLayer.class || type == ActivationLayer.class || type == DropoutLayer.class) {
      return PASS_THROUGH;
    }
    return UNSUPPORTED;
  }

  /** True for layers whose own units can be removed. */
  boolean prunable() {
    return this == DENSE || this == CONVOLUTION;
  }

  /** The error for an unsupported layer at {@code index}. */
  static IllegalArgumentException unsupported(int index, Layer layer) {
    return new IllegalArgumentException("layer " + index + " (" + layer.getClass().getSimpleName()
        + ") is not supported by structured pruning; supported layer types: " + SUPPORTED);
  }
}
