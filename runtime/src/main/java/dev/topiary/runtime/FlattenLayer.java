package dev.topiary.runtime;

/**
 * Flattens {@code [c, h, w]} to {@code [c·h·w]} in DL4J's order (channel-major, then rows, then
 * columns: the NCHW layout unchanged), so the forward pass skips it.
 */
final class FlattenLayer extends Layer {

  static final String TYPE = "flatten";

  FlattenLayer(String name, int[] inputShape) {
    super(name, inputShape, new int[] {Layer.size(inputShape, "input")});
  }

  static Layer read(String name, int[] shape, TpmReader in) {
    return new FlattenLayer(name, shape);
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
  boolean reshapeOnly() {
    return true;
  }

  @Override
  void forward(float[] in, int inOffset, float[] out, int outOffset, int rows, Scratch scratch) {
    System.arraycopy(in, inOffset, out, outOffset, rows * inputSize);
  }

  @Override
  void writeFields(TpmWriter out) {
    // no fields
  }
}
