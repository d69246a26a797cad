package dev.topiary.runtime;

import java.util.Arrays;

/** A growable little-endian byte buffer for writing {@code .tpm} files. */
final class ByteSink {

  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  void u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  void u32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  void u64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  void f32(float value) {
    u32(Float.floatToRawIntBits(value));
  }

  void append(byte[] data, int from, int length) {
    ensure(length);
    System.arraycopy(data, from, bytes, size, length);
    size += length;
  }

  void zeros(int count) {
    ensure(count);
    size += count;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }
}
