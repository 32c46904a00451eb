package io.jresnet.tck;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the {@code .npy} format to read the committed golden fixtures: version 1.0, little-endian float32
 * ({@code '<f4'}), C order. Anything else is rejected with the resource's name; the full reader lives in
 * resnet-api.
 */
record GoldenNpy(Shape shape, float[] data) {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** Reads {@code golden/kernels/<name>.npy} from the test class path. */
  static GoldenNpy load(String name) {
    String resource = "/golden/kernels/" + name + ".npy";
    try (InputStream in = GoldenNpy.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing; run tools/golden/kernels.py");
      }
      return parse(resource, in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  static GoldenNpy parse(String source, byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), magic)) {
      throw new IllegalArgumentException(source + ": not an .npy file");
    }
    if (bytes[6] != 1 || bytes[7] != 0) {
      throw new IllegalArgumentException(source + ": .npy version " + bytes[6] + "." + bytes[7] + ", expected 1.0");
    }
    int headerLength = Short.toUnsignedInt(buf.getShort(8));
    if (10 + headerLength > bytes.length) {
      throw new IllegalArgumentException(source + ": header length " + headerLength + " runs past the file");
    }
    String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
    String descr = find(source, DESCR, header);
    if (!descr.equals("<f4")) {
      throw new IllegalArgumentException(source + ": dtype " + descr + ", expected <f4 (little-endian float32)");
    }
    if (!find(source, FORTRAN, header).equals("False")) {
      throw new IllegalArgumentException(source + ": Fortran order, expected C order");
    }
    int[] dims =
        Arrays.stream(find(source, SHAPE, header).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray();
    Shape shape = Shape.of(dims);
    int dataStart = 10 + headerLength;
    if (bytes.length - dataStart != shape.size() * Float.BYTES) {
      int expected = shape.size() * Float.BYTES;
      throw new IllegalArgumentException(
          source + ": " + (bytes.length - dataStart) + " data bytes, expected " + expected + " for " + shape);
    }
    float[] data = new float[shape.size()];
    buf.position(dataStart).asFloatBuffer().get(data);
    return new GoldenNpy(shape, data);
  }

  private static String find(String source, Pattern pattern, String header) {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(source + ": header lacks " + pattern.pattern() + ": " + header);
    }
    return m.group(1);
  }
}
