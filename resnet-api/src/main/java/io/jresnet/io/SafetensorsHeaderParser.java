package io.jresnet.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jresnet.WeightsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON header of a safetensors file into raw entries, checking its syntax and the JSON types of every field
 * but not yet the values (see {@link SafetensorsHeader}). It streams the JSON rather than building a tree, so that the
 * memory it needs stays close to the size of the entries it returns.
 */
final class SafetensorsHeaderParser {
  static final String METADATA_KEY = "__metadata__";

  /** An entry as written: {@code dtype} unchecked, {@code shape} and {@code offsets} as any longs. */
  record RawEntry(String name, String dtype, long[] shape, long[] offsets) {}

  /** Entries in header order, and the metadata ({@code null} when the header has none). */
  record RawHeader(List<RawEntry> entries, Map<String, String> metadata) {}

  // Field-name canonicalisation would keep every tensor name of a huge header in a shared symbol table.
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

  private final Path file;

  private SafetensorsHeaderParser(Path file) {
    this.file = file;
  }

  /**
   * Parses {@code header}, the UTF-8 bytes between the length prefix and the data.
   *
   * @throws WeightsException naming {@code file} and, where one is at fault, the tensor
   */
  static RawHeader parse(Path file, byte[] header) {
    return new SafetensorsHeaderParser(file).parse(header);
  }

  private RawHeader parse(byte[] header) {
    Reader text = new InputStreamReader(new ByteArrayInputStream(header), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    try (JsonParser json = JSON.createParser(text)) {
      JsonToken token = json.nextToken();
      if (token == null) {
        throw fail(null, "the header is empty; it must be a JSON object");
      }
      if (token != JsonToken.START_OBJECT) {
        throw fail(null, "the header must be a JSON object, found " + describe(token));
      }
      Map<String, RawEntry> entries = new LinkedHashMap<>();
      Map<String, String> metadata = null;
      boolean sawMetadata = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        if (name.equals(METADATA_KEY)) {
          if (sawMetadata) {
            throw fail(null, "the header has two \"" + METADATA_KEY + "\" entries");
          }
          sawMetadata = true;
          metadata = parseMetadata(json);
        } else {
          if (entries.containsKey(name)) {
            throw fail(name, "the header lists this tensor twice");
          }
          entries.put(name, parseEntry(json, name));
        }
      }
      if (json.nextToken() != null) {
        throw fail(null, "the header has more JSON after its object, at " + where(json.currentTokenLocation()));
      }
      return new RawHeader(new ArrayList<>(entries.values()), metadata);
    } catch (CharacterCodingException e) {
      throw fail(null, "the header is not valid UTF-8");
    } catch (JacksonException e) {
      String at = e.getLocation() == null ? "" : " (at " + where(e.getLocation()) + ")";
      throw fail(null, "the header is not valid JSON: " + e.getOriginalMessage() + at);
    } catch (IOException e) {
      throw new WeightsException(file.toString(), null, "cannot parse the header: " + e.getMessage(), e);
    }
  }

  private Map<String, String> parseMetadata(JsonParser json) throws IOException {
    JsonToken token = json.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw fail(null, "\"" + METADATA_KEY + "\" must be an object of strings, found " + describe(token));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      JsonToken value = json.nextToken();
      if (value != JsonToken.VALUE_STRING) {
        throw fail(null, "\"" + METADATA_KEY + "\" key '" + key + "' must hold a string, found " + describe(value));
      }
      if (metadata.put(key, json.getText()) != null) {
        throw fail(null, "\"" + METADATA_KEY + "\" has key '" + key + "' twice");
      }
    }
    return metadata;
  }

  private RawEntry parseEntry(JsonParser json, String name) throws IOException {
    JsonToken token = json.currentToken();
    if (token != JsonToken.START_OBJECT) {
      throw fail(name, "the entry must be an object with \"dtype\", \"shape\" and \"data_offsets\", found "
          + describe(token));
    }
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "dtype" -> {
          requireFirst(name, field, dtype);
          if (value != JsonToken.VALUE_STRING) {
            throw fail(name, "\"dtype\" must be a string, found " + describe(value));
          }
          dtype = json.getText();
        }
        case "shape" -> {
          requireFirst(name, field, shape);
          shape = parseIntegers(json, name, field);
        }
        case "data_offsets" -> {
          requireFirst(name, field, offsets);
          offsets = parseIntegers(json, name, field);
        }
        // Other writers may add fields; the reference reader ignores them too.
        default -> json.skipChildren();
      }
    }
    if (dtype == null || shape == null || offsets == null) {
      String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
      throw fail(name, "the entry has no \"" + missing + "\"");
    }
    return new RawEntry(name, dtype, shape, offsets);
  }

  private void requireFirst(String name, String field, Object previous) {
    if (previous != null) {
      throw fail(name, "the entry has \"" + field + "\" twice");
    }
  }

  private long[] parseIntegers(JsonParser json, String name, String field) throws IOException {
    if (json.currentToken() != JsonToken.START_ARRAY) {
      throw fail(name, "\"" + field + "\" must be an array of integers, found " + describe(json.currentToken()));
    }
    long[] values = new long[8];
    int count = 0;
    JsonToken token;
    while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.VALUE_NUMBER_INT) {
        throw fail(name, "\"" + field + "\" must be an array of integers, but holds " + describe(token));
      }
      if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw fail(name, "\"" + field + "\" holds " + json.getText() + ", beyond any file's size");
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = json.getLongValue();
    }
    return Arrays.copyOf(values, count);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the header";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a fractional number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  private static String where(JsonLocation location) {
    return "character " + (location.getCharOffset() + 1);
  }

  private WeightsException fail(String tensor, String problem) {
    return new WeightsException(file, tensor, problem);
  }
}
