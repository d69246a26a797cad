package dev.topiary.runtime;

/** Input scaling: {@code y = (x - offset) * scale} per feature, so a model predicts from raw rows. */
final class ScaleLayer extends Layer {

  static final String TYPE = "scale";

  private final float[] offset;
  private final float[] scale;

  ScaleLayer(String name, int[] shape, float[] offset, float[] scale) {
    super(name, shape, shape);
    if (offset.length != inputSize || scale.length != inputSize) {
      throw new IllegalArgumentException("input scaling needs " + inputSize + " offsets and scales, got "
          + offset.length + " and " + scale.length);
    }
    for (int i = 0; i < inputSize; i++) {
      if (!Float.isFinite(offset[i]) || !Float.isFinite(scale[i])) {
        throw new IllegalArgumentException("input scaling of feature " + i + " must be finite, got offset "
            + offset[i] + " and scale " + scale[i]);
      }
    }
    this.offset = offset.clone();
    this.scale = scale.clone();
  }

  static Layer read(String name, int[] shape, TpmReader in) throws ModelFormatException {
    int size = Layer.size(shape, "input");
    return new ScaleLayer(name, shape, in.floats("offset", size), in.floats("scale", size));
  }

  float[] offset() {
    return offset.clone();
  }

  float[] scale() {
    return scale.clone();
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
    int n = inputSize;
    for (int r = 0; r < rows; r++) {
      int x = inOffset + r * n;
      int y = outOffset + r * n;
      for (int i = 0; i < n; i++) {
        out[y + i] = (in[x + i] - offset[i]) * scale[i];
      }
    }
  }

  @Override
  void writeFields(TpmWriter out) {
    out.floats(offset);
    out.floats(scale);
  }
}
