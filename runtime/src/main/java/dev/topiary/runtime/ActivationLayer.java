package dev.topiary.runtime;

/** A standalone activation; softmax needs a flat input. */
final class ActivationLayer extends Layer {

  static final String TYPE = "activation";

  private final Activation activation;

  ActivationLayer(String name, int[] shape, Activation activation) {
    super(name, shape, shape);
    if (activation == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    if (activation.function() == Activation.Function.SOFTMAX && shape.length != 1) {
      throw new IllegalArgumentException("softmax needs a flat input, got shape " + Layer.shapeText(shape)
          + "; flatten first");
    }
    this.activation = activation;
  }

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    return new ActivationLayer(name, shape, in.activation("activation"));
  }

  Activation activation() {
    return activation;
  }

  @Override
  String type() {
    return TYPE;
  }

  @Override
  KernelKind kernel() {
    return KernelKind.NONE;
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    System.arraycopy(in, inOffset, out, outOffset, rows * inputSize);
    activation.apply(out, outOffset, rows * inputSize, inputSize);
  }

  @Override
  void writeFields(TpmWriter out) {
    out.activation(activation);
  }
}
