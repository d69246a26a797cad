package dev.topiary.runtime;

import java.util.List;
import java.util.StringJoiner;

/**
 * The one table of layer kinds: each entry gives a layer's file tag, its type and kernel, and the
 * reader that rebuilds it from a {@code .tpm} file. Writing uses the same table (a layer's type
 * and kernel name its tag). To add a layer kind (an int8 dense kernel, say): write a
 * {@link Layer} subclass with {@code writeFields} and a static reader, and add one entry here
 * with a new tag; tags are never reused.
 */
final class LayerCodecs {

  /** Rebuilds a layer from its fields; the tag and name are already read. */
  @FunctionalInterface
  interface Reader {
    Layer read(String name, int[] inputShape, TpmReader in) throws ModelFormatException;
  }

  /** One layer kind: its tag in files, its type and kernel, and its reader. */
  record Codec(int tag, String type, KernelKind kernel, Reader reader) {}

  private static final List<Codec> TABLE = List.of(
      new Codec(1, ScaleLayer.TYPE, KernelKind.NONE, ScaleLayer::read),
      new Codec(2, DenseLayer.TYPE, KernelKind.DENSE, DenseLayer::read),
      new Codec(3, SparseDenseLayer.TYPE, KernelKind.SPARSE, SparseDenseLayer::read),
      new Codec(4, Conv2dLayer.TYPE, KernelKind.DENSE, Conv2dLayer::readDense),
      new Codec(5, Conv2dLayer.TYPE, KernelKind.SPARSE, Conv2dLayer::readSparse),
      new Codec(6, PoolLayer.MAX_TYPE, KernelKind.NONE, PoolLayer::readMax),
      new Codec(7, PoolLayer.AVG_TYPE, KernelKind.NONE, PoolLayer::readAverage),
      new Codec(8, FlattenLayer.TYPE, KernelKind.NONE, FlattenLayer::read),
      new Codec(9, ActivationLayer.TYPE, KernelKind.NONE, ActivationLayer::read),
      new Codec(10, DenseLayer.TYPE, KernelKind.INT8, Int8DenseLayer::readDense),
      new Codec(11, DenseLayer.TYPE, KernelKind.SPARSE_INT8, Int8DenseLayer::readSparse),
      new Codec(12, Conv2dLayer.TYPE, KernelKind.INT8, Int8Conv2dLayer::readDense),
      new Codec(13, Conv2dLayer.TYPE, KernelKind.SPARSE_INT8, Int8Conv2dLayer::readSparse),
      new Codec(14, DenseLayer.TYPE, KernelKind.DYNAMIC_INT8, Int8DenseLayer::readDynamic),
      new Codec(15, Conv2dLayer.TYPE, KernelKind.DYNAMIC_INT8, Int8Conv2dLayer::readDynamic));

  private LayerCodecs() {}

  /** The tag of a layer's kind. */
  static int tagOf(Layer layer) {
    for (Codec codec : TABLE) {
      if (codec.type.equals(layer.type()) && codec.kernel == layer.kernel()) {
        return codec.tag;
      }
    }
    throw new IllegalStateException("no codec for layer type " + layer.type() + " with kernel " + layer.kernel());
  }

  /** The reader of a tag, or null for an unknown tag. */
  static Reader readerOf(int tag) {
    for (Codec codec : TABLE) {
      if (codec.tag == tag) {
        return codec.reader;
      }
    }
    return null;
  }

  /** The type name of a known tag, e.g. {@code dense}. */
  static String typeOf(int tag) {
    for (Codec codec : TABLE) {
      if (codec.tag == tag) {
        return codec.type;
      }
    }
    return "layer";
  }

  /** The known tags for error messages, e.g. {@code 1 (scale), 2 (dense/dense), …}. */
  static String describeTags() {
    StringJoiner joiner = new StringJoiner(", ");
    for (Codec codec : TABLE) {
      joiner.add(codec.tag + " (" + codec.type + (codec.kernel == KernelKind.NONE ? "" : "/" + codec.kernel.label())
          + ")");
    }
    return joiner.toString();
  }
}
