package dev.topiary.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a model as a {@code .tpm} file. Layers write their fields through the {@code u32},
 * {@code f32}, {@code activation}, {@code window} and tensor methods; tensors go to the aligned
 * data section and the header keeps their index in the tensor table.
 */
final class TpmWriter {

  private final ByteSink layerFields = new ByteSink();
  private final List<Tensor> tensors = new ArrayList<>();

  private record Tensor(int dtype, long count, byte[] bytes) {}

  private TpmWriter() {}

  static byte[] write(int[] inputShape, List<String> classNames, List<Layer> layers) {
    TpmWriter writer = new TpmWriter();
    for (Layer layer : layers) {
      writer.layerFields.u32(LayerCodecs.tagOf(layer));
      writer.string(writer.layerFields, layer.name());
      layer.writeFields(writer);
    }
    ByteSink header = new ByteSink();
    header.u32(inputShape.length);
    for (int d : inputShape) {
      header.u32(d);
    }
    header.u32(classNames.size());
    for (String name : classNames) {
      writer.string(header, name);
    }
    int tableStart = header.size();
    header.u32(writer.tensors.size());
    int headerLength = tableStart + 4 + writer.tensors.size() * TpmFormat.TENSOR_ENTRY + 4 + writer.layerFields.size();
    long offset = TpmFormat.PREAMBLE + headerLength;
    long[] offsets = new long[writer.tensors.size()];
    for (int i = 0; i < offsets.length; i++) {
      offset = TpmFormat.align(offset);
      offsets[i] = offset;
      offset += writer.tensors.get(i).bytes.length;
    }
    for (int i = 0; i < offsets.length; i++) {
      Tensor t = writer.tensors.get(i);
      header.u32(t.dtype);
      header.u32(0);
      header.u64(offsets[i]);
      header.u64(t.count);
    }
    header.u32(layers.size());
    byte[] fields = writer.layerFields.toByteArray();
    header.append(fields, 0, fields.length);
    long fileLength = offset;
    if (fileLength > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("model of " + fileLength + " bytes is too large for one file");
    }
    ByteSink file = new ByteSink();
    file.append(TpmFormat.MAGIC, 0, TpmFormat.MAGIC.length);
    file.u32(TpmFormat.VERSION);
    file.u32(headerLength);
    file.u64(fileLength);
    file.u32(0);
    file.u32(0);
    byte[] headerBytes = header.toByteArray();
    file.append(headerBytes, 0, headerBytes.length);
    for (int i = 0; i < offsets.length; i++) {
      file.zeros((int) (offsets[i] - file.size()));
      byte[] data = writer.tensors.get(i).bytes;
      file.append(data, 0, data.length);
    }
    byte[] bytes = file.toByteArray();
    int crc = checksum(bytes);
    for (int i = 0; i < 4; i++) {
      bytes[TpmFormat.CHECKSUM_OFFSET + i] = (byte) (crc >>> (8 * i));
    }
    return bytes;
  }

  /** CRC-32 of the whole file except the four checksum bytes. */
  static int checksum(byte[] file) {
    CRC32 crc = new CRC32();
    crc.update(file, 0, TpmFormat.CHECKSUM_OFFSET);
    crc.update(file, TpmFormat.CHECKSUM_OFFSET + 4, file.length - TpmFormat.CHECKSUM_OFFSET - 4);
    return (int) crc.getValue();
  }

  void u32(int value) {
    layerFields.u32(value);
  }

  void f32(float value) {
    layerFields.f32(value);
  }

  void activation(Activation activation) {
    layerFields.u32(activation.function().code());
    layerFields.f32(activation.alpha());
  }

  void window(Window w) {
    layerFields.u32(w.kernelHeight());
    layerFields.u32(w.kernelWidth());
    layerFields.u32(w.strideHeight());
    layerFields.u32(w.strideWidth());
    layerFields.u32(w.padTop());
    layerFields.u32(w.padLeft());
    layerFields.u32(w.padBottom());
    layerFields.u32(w.padRight());
  }

  /** Adds a float tensor to the data section and writes its index. */
  void floats(float[] values) {
    ByteSink data = new ByteSink();
    for (float v : values) {
      data.f32(v);
    }
    tensor(TpmFormat.DTYPE_F32, values.length, data.toByteArray());
  }

  /** Adds an int tensor to the data section and writes its index. */
  void ints(int[] values) {
    ByteSink data = new ByteSink();
    for (int v : values) {
      data.u32(v);
    }
    tensor(TpmFormat.DTYPE_I32, values.length, data.toByteArray());
  }

  /** Adds a byte tensor (int8 weights) to the data section and writes its index. */
  void bytes(byte[] values) {
    tensor(TpmFormat.DTYPE_I8, values.length, values.clone());
  }

  private void tensor(int dtype, long count, byte[] bytes) {
    layerFields.u32(tensors.size());
    tensors.add(new Tensor(dtype, count, bytes));
  }

  private void string(ByteSink sink, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    sink.u32(utf8.length);
    sink.append(utf8, 0, utf8.length);
  }
}
