package io.jresnet.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jresnet.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON document parsed into a Jackson tree that remembers where each value started, keyed by JSON pointer, so
 * that validation errors can name the pointer and the line:column of the value at fault.
 */
final class LocatedJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final String source;
  private final JsonNode root;
  private final Map<String, JsonLocation> locations;

  private LocatedJson(String source, JsonNode root, Map<String, JsonLocation> locations) {
    this.source = source;
    this.root = root;
    this.locations = locations;
  }

  /**
   * Parses one JSON document.
   *
   * @param source the file or document name for messages; may be null
   * @throws ConfigException for malformed JSON (with line:column), duplicate keys or trailing content
   */
  static LocatedJson parse(Reader reader, String source) {
    Map<String, JsonLocation> locations = new HashMap<>();
    JsonParser parser = null;
    try (JsonParser p = FACTORY.createParser(reader)) {
      parser = p;
      if (p.nextToken() == null) {
        throw new ConfigException(source, "", 0, 0, "the document is empty; expected a JSON object");
      }
      JsonNode root = read(p, "", locations);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new ConfigException(
            source, "", at.getLineNr(), at.getColumnNr(), "unexpected content after the end of the JSON document");
      }
      return new LocatedJson(source, root, locations);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String pointer = parser == null ? null : parser.getParsingContext().pathAsPointer().toString();
      throw new ConfigException(
          source,
          pointer,
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(source, null, 0, 0, "cannot read: " + e);
    }
  }

  private static JsonNode read(JsonParser p, String pointer, Map<String, JsonLocation> locations)
      throws IOException {
    locations.put(pointer, p.currentTokenLocation());
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonToken token = p.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.set(name, read(p, pointer + "/" + escape(name), locations));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p, pointer + "/" + index++, locations));
        }
        yield array;
      }
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> nodes.numberNode(p.getIntValue());
            case LONG -> nodes.numberNode(p.getLongValue());
            default -> nodes.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NULL -> nodes.nullNode();
      default -> throw new IllegalStateException("unexpected JSON token " + token);
    };
  }

  /** A JSON pointer reference token: {@code ~} and {@code /} escaped (RFC 6901). */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  JsonNode root() {
    return root;
  }

  /** An error at {@code pointer}, located at that value or, when it has none (a missing field), its parent. */
  ConfigException error(String pointer, String problem) {
    String at = pointer;
    while (!locations.containsKey(at) && !at.isEmpty()) {
      at = at.substring(0, at.lastIndexOf('/'));
    }
    JsonLocation location = locations.get(at);
    return new ConfigException(
        source,
        pointer,
        location == null ? 0 : location.getLineNr(),
        location == null ? 0 : location.getColumnNr(),
        problem);
  }
}
