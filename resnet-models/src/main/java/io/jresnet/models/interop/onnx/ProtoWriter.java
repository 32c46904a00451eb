package io.jresnet.models.interop.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The protocol-buffers wire format, written field by field: just what ONNX's messages need (varints, fixed 32-bit
 * floats, length-delimited strings, bytes, nested messages and packed repeated scalars). Fields are written in call
 * order. A nested message is built in its own writer and embedded with {@link #message}; its bytes are shared, not
 * copied, as are large float arrays, so a model's weights are copied once from the float arrays and once more only
 * into {@link #toByteArray()} (never when written to a channel).
 */
final class ProtoWriter {
  /** Wire type of varint-encoded integers (int32, int64, enums). */
  static final int VARINT = 0;

  /** Wire type of fixed 32-bit values (float). */
  static final int FIXED32 = 5;

  /** Wire type of strings, bytes, nested messages and packed repeated scalars. */
  static final int LENGTH_DELIMITED = 2;

  /** Pieces of embedded messages up to this size are copied, so that small fields stay in one contiguous piece. */
  private static final int SHARE_THRESHOLD = 4096;

  /** Protobuf messages may not reach 2 GiB, and Java arrays stop a little short of it too. */
  private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

  /** Finished pieces, in order; their bytes are never written again (embedding writers share them). */
  private final List<ByteBuffer> sealed = new ArrayList<>();
  private long sealedSize;
  private byte[] buffer = new byte[64];
  private int position;

  /** Bytes written so far. */
  long size() {
    return sealedSize + position;
  }

  /** The bytes written so far, in one new array. */
  byte[] toByteArray() {
    byte[] out = new byte[Math.toIntExact(size())];
    int at = 0;
    for (ByteBuffer piece : pieces()) {
      int length = piece.remaining();
      piece.get(out, at, length);
      at += length;
    }
    return out;
  }

  /** Writes every byte written so far to {@code out}. */
  void writeTo(WritableByteChannel out) throws IOException {
    for (ByteBuffer piece : pieces()) {
      while (piece.hasRemaining()) {
        out.write(piece);
      }
    }
  }

  /** Independent read views of the sealed pieces and of the current buffer. */
  private List<ByteBuffer> pieces() {
    List<ByteBuffer> out = new ArrayList<>(sealed.size() + 1);
    sealed.forEach(piece -> out.add(piece.duplicate()));
    out.add(ByteBuffer.wrap(buffer, 0, position));
    return out;
  }

  /** Moves the current buffer to the sealed pieces, so that what follows goes to (or is) a new piece. */
  private void seal() {
    if (position > 0) {
      sealed.add(ByteBuffer.wrap(buffer, 0, position).asReadOnlyBuffer());
      sealedSize += position;
      buffer = new byte[64];
      position = 0;
    }
  }

  private void append(ByteBuffer piece) {
    seal();
    requireRoom(piece.remaining());
    sealed.add(piece);
    sealedSize += piece.remaining();
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
    rawBytes(value);
  }

  /**
   * An embedded message: the bytes {@code message} holds, after their length. Its large pieces are shared, not
   * copied; what is written to {@code message} afterwards does not appear here.
   */
  void message(int field, ProtoWriter message) {
    tag(field, LENGTH_DELIMITED);
    rawVarint(message.size());
    for (ByteBuffer piece : message.pieces()) {
      if (piece.remaining() > SHARE_THRESHOLD) {
        append(piece.asReadOnlyBuffer());
      } else {
        ensureRoom(piece.remaining());
        int length = piece.remaining();
        piece.get(buffer, position, length);
        position += length;
      }
    }
    // The message's current buffer is now shared: it must not write into it again.
    message.seal();
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
    requireRoom(length);
    ByteBuffer bytes = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    append(bytes.asReadOnlyBuffer());
  }

  /** A varint without a key: seven bits per byte, least significant first, the high bit set on all but the last. */
  void rawVarint(long value) {
    ensureRoom(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[position++] = (byte) v;
  }

  private void rawFixed32(int bits) {
    ensureRoom(4);
    for (int i = 0; i < 4; i++) {
      buffer[position++] = (byte) (bits >>> (8 * i));
    }
  }

  private void rawBytes(byte[] bytes) {
    ensureRoom(bytes.length);
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  private void requireRoom(long extra) {
    if (size() + extra > MAX_SIZE) {
      throw new IllegalStateException(
          "the message would take " + (size() + extra) + " bytes, more than protobuf's 2 GiB limit allows");
    }
  }

  private void ensureRoom(int extra) {
    requireRoom(extra);
    if (position + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(position + extra, 2 * buffer.length));
    }
  }
}
