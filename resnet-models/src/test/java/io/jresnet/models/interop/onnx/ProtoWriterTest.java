package io.jresnet.models.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte sequences from the protocol-buffers encoding guide, and the ones ONNX's messages need. */
class ProtoWriterTest {
  private static byte[] hex(String bytes) {
    return HexFormat.ofDelimiter(" ").parseHex(bytes);
  }

  private static String hex(ProtoWriter w) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(w.toByteArray());
  }

  private static String varint(long value) {
    ProtoWriter w = new ProtoWriter();
    w.rawVarint(value);
    return hex(w);
  }

  @Test
  void varintsTakeSevenBitsPerByteLeastSignificantFirst() {
    assertEquals("00", varint(0));
    assertEquals("01", varint(1));
    assertEquals("7F", varint(127));
    assertEquals("80 01", varint(128));
    assertEquals("AC 02", varint(300));
    assertEquals("FF FF FF FF 07", varint(Integer.MAX_VALUE));
    assertEquals("FF FF FF FF FF FF FF FF 7F", varint(Long.MAX_VALUE));
  }

  @Test
  void negativeIntegersAreTenBytesOfTwosComplement() {
    assertEquals("FF FF FF FF FF FF FF FF FF 01", varint(-1));
    assertEquals("80 80 80 80 80 80 80 80 80 01", varint(Long.MIN_VALUE));
  }

  @Test
  void scalarFieldsStartWithTheirKey() {
    ProtoWriter w = new ProtoWriter();
    w.int64(1, 150);
    assertEquals("08 96 01", hex(w));
    ProtoWriter f = new ProtoWriter();
    f.float32(2, 1.0f);
    f.float32(2, -2.5f);
    assertEquals("15 00 00 80 3F 15 00 00 20 C0", hex(f));
    ProtoWriter big = new ProtoWriter();
    big.int64(20, 7);
    assertEquals("A0 01 07", hex(big));
  }

  @Test
  void stringsAndBytesAreLengthDelimited() {
    ProtoWriter w = new ProtoWriter();
    w.string(2, "testing");
    assertEquals("12 07 74 65 73 74 69 6E 67", hex(w));
    ProtoWriter utf8 = new ProtoWriter();
    utf8.string(1, "é");
    assertEquals("0A 02 C3 A9", hex(utf8));
    ProtoWriter empty = new ProtoWriter();
    empty.bytes(9, new byte[0]);
    assertEquals("4A 00", hex(empty));
  }

  @Test
  void embeddedMessagesFollowTheirLength() {
    ProtoWriter inner = new ProtoWriter();
    inner.int64(1, 150);
    ProtoWriter outer = new ProtoWriter();
    outer.message(3, inner);
    assertEquals("1A 03 08 96 01", hex(outer));
  }

  @Test
  void packedRepeatedScalarsShareOneLength() {
    ProtoWriter ints = new ProtoWriter();
    ints.packedInt64s(4, 3, 270, 86942);
    assertEquals("22 06 03 8E 02 9E A7 05", hex(ints));
    ProtoWriter floats = new ProtoWriter();
    floats.packedFloats(4, 1.0f, 0.5f);
    assertEquals("22 08 00 00 80 3F 00 00 00 3F", hex(floats));
    ProtoWriter none = new ProtoWriter();
    none.packedInt64s(4);
    none.packedFloats(4);
    assertEquals(0, none.size(), "an empty packed field is left out");
  }

  @Test
  void largeFloatArraysGrowTheBuffer() throws IOException {
    float[] values = new float[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    ProtoWriter w = new ProtoWriter();
    w.littleEndianFloats(9, values);
    byte[] bytes = w.toByteArray();
    assertEquals(1 + 3 + 400_000, bytes.length);
    assertArrayEquals(hex("4A 80 B5 18"), java.util.Arrays.copyOf(bytes, 4), "key, then 400000 as a varint");
    int last = Float.floatToRawIntBits(99_999f);
    assertEquals((byte) last, bytes[bytes.length - 4], "little-endian: least significant byte first");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(Channels.newChannel(out));
    assertArrayEquals(bytes, out.toByteArray());
  }

  @Test
  void fieldNumbersOutsideTheProtobufRangeAreRejected() {
    ProtoWriter w = new ProtoWriter();
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> w.int64(0, 1));
    assertEquals("protobuf field numbers run from 1 to 2^29-1, got 0", zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> w.string(1 << 29, "x"));
  }
}
