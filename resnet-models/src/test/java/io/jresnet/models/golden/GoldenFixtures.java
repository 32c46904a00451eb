package io.jresnet.models.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The committed golden fixtures under {@code src/test/resources/golden/}, made by {@code tools/golden/make_golden.py}.
 * Every file is checked against the manifest's SHA-256 before use, so a corrupted or half-regenerated fixture fails
 * with its name instead of as a numeric mismatch.
 */
public final class GoldenFixtures {
  private static final String FOLDER = "/golden/";
  private static final String MANIFEST = "manifest.json";

  private GoldenFixtures() {}

  /** The cases of the manifest, in its order. */
  public static List<GoldenCase> cases() {
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(Files.readAllBytes(path(MANIFEST)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden " + MANIFEST, e);
    }
    List<GoldenCase> cases = new ArrayList<>();
    for (JsonNode c : required(manifest, "cases", "/")) {
      String pointer = "/cases/" + cases.size();
      cases.add(new GoldenCase(
          required(c, "model", pointer).asText(),
          required(c, "input", pointer).asText(),
          shape(required(c, "input_shape", pointer)),
          required(c, "input_sha256", pointer).asText(),
          required(c, "output", pointer).asText(),
          shape(required(c, "output_shape", pointer)),
          required(c, "output_sha256", pointer).asText()));
    }
    return cases;
  }

  /**
   * The path of fixture {@code file} after checking its SHA-256 against {@code expectedSha256}.
   *
   * @throws AssertionError naming the file when it is missing or its checksum differs
   */
  public static Path verified(String file, String expectedSha256) {
    Path path = path(file);
    String actual;
    try {
      actual = sha256(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden fixture " + path, e);
    }
    if (!actual.equals(expectedSha256)) {
      throw new AssertionError("golden fixture " + path + " has SHA-256 " + actual + " but " + MANIFEST
          + " expects " + expectedSha256 + "; regenerate with tools/golden/make_golden.py");
    }
    return path;
  }

  private static Path path(String file) {
    URL url = GoldenFixtures.class.getResource(FOLDER + file);
    if (url == null) {
      throw new AssertionError("golden fixture " + FOLDER + file + " is not on the test class path;"
          + " regenerate with tools/golden/make_golden.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("golden fixture URL " + url + " is not a path", e);
    }
  }

  private static JsonNode required(JsonNode node, String field, String pointer) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalStateException(MANIFEST + " " + pointer + ": field '" + field + "' is missing");
    }
    return value;
  }

  private static Shape shape(JsonNode array) {
    int[] dims = new int[array.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = array.get(i).asInt();
    }
    return Shape.of(dims);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }
}
