package io.jresnet.models.interop.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol-buffers wire format, written field by field into a growing byte array: just what ONNX's messages need
 * (varints, fixed 32-bit floats, length-delimited strings, bytes, nested messages and packed repeated scalars). Fields
 * are written in call order; a nested message is built in its own writer and embedded with {@link #message}, which
 * copies it after its length.
 */
final class ProtoWriter {
  /** Wire type of varint-encoded integers (int32, int64, enums). */
  static final int VARINT = 0;

  /** Wire type of fixed 32-bit values (float). */
  static final int FIXED32 = 5;

  /** Wire type of strings, bytes, nested messages and packed repeated scalars. */
  static final int LENGTH_DELIMITED = 2;

  /** Java arrays stop a little short of 2^31 bytes; protobuf messages may not exceed 2 GiB either. */
  private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private byte[] buffer = new byte[64];
  private int size;

  /** Bytes written so far. */
  int size() {
    return size;
  }

  /** A copy of the bytes written so far. */
  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  /** Writes every byte written so far to {@code out}, without copying them. */
  void writeTo(WritableByteChannel out) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, size);
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }

  /** A field key: {@code (field << 3) | wireType}, as a varint. */
  void tag(int field, int wireType) {
    if (field < 1 || field > (1 << 29) - 1) {
      throw new IllegalArgumentException("protobuf field numbers run from 1 to 2^29-1, got " + field);
    }
    rawVarint(((long) field << 3) | wireType);
  }

  /**
   * An int32, int64 or enum field. Negative values take ten bytes (two's complement, as protobuf's int32 and int64
   * encode them; sint zig-zag encoding is not used by ONNX).
   */
  void int64(int field, long value) {
    tag(field, VARINT);
    rawVarint(value);
  }

  /** A float field: four little-endian IEEE 754 bytes. */
  void float32(int field, float value) {
    tag(field, FIXED32);
    rawFixed32(Float.floatToRawIntBits(value));
  }

  /** A string field in UTF-8. */
  void string(int field, String value) {
    bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A bytes field. */
  void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(value.length);
    rawBytes(value, 0, value.length);
  }

  /** An embedded message: the bytes {@code message} holds, after their length. */
  void message(int field, ProtoWriter message) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(message.size);
    rawBytes(message.buffer, 0, message.size);
  }

  /** A packed repeated int64 field: one length, then each value as a varint. Writes nothing for no values. */
  void packedInt64s(int field, long... values) {
    if (values.length == 0) {
      return;
    }
    ProtoWriter packed = new ProtoWriter();
    for (long v : values) {
      packed.rawVarint(v);
    }
    message(field, packed);
  }

  /** A packed repeated float field: one length, then four little-endian bytes per value. Nothing for no values. */
  void packedFloats(int field, float... values) {
    if (values.length == 0) {
      return;
    }
    littleEndianFloats(field, values);
  }

  /**
   * A bytes field holding {@code values} as consecutive little-endian IEEE 754 floats: the wire form of both a packed
   * float field and ONNX's {@code TensorProto.raw_data}.
   */
  void littleEndianFloats(int field, float[] values) {
    long length = 4L * values.length;
    tag(field, LENGTH_DELIMITED);
    rawVarint(length);
    ensureRoom(length);
    ByteBuffer.wrap(buffer, size, (int) length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    size += (int) length;
  }

  /** A varint without a key: seven bits per byte, least significant first, the high bit set on all but the last. */
  void rawVarint(long value) {
    ensureRoom(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[size++] = (byte) v;
  }

  private void rawFixed32(int bits) {
    ensureRoom(4);
    for (int i = 0; i < 4; i++) {
      buffer[size++] = (byte) (bits >>> (8 * i));
    }
  }

  private void rawBytes(byte[] bytes, int offset, int length) {
    ensureRoom(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  private void ensureRoom(long extra) {
    long needed = size + extra;
    if (needed <= buffer.length) {
      return;
    }
    if (needed > MAX_SIZE) {
      throw new IllegalStateException(
          "the message would take " + needed + " bytes, more than protobuf's 2 GiB limit allows");
    }
    long grown = Math.max(needed, Math.min(MAX_SIZE, 2L * buffer.length));
    buffer = Arrays.copyOf(buffer, (int) grown);
  }
}
