package io.jresnet.models;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 * A JSON document parsed into a Jackson tree that remembers where every value and field name starts, so that
 * errors found after parsing can still name the line and column.
 */
public final class LocatedJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final String source;
  private final JsonNode root;
  private final Map<String, JsonLocation> values = new HashMap<>();
  private final Map<String, JsonLocation> fieldNames = new HashMap<>();

  private LocatedJson(String source, JsonParser parser) throws IOException {
    this.source = source;
    if (parser.nextToken() == null) {
      throw new ConfigException(source, "", 1, 1, "the document is empty; expected a JSON object");
    }
    this.root = read(parser, "");
    if (parser.nextToken() != null) {
      JsonLocation at = parser.currentTokenLocation();
      throw new ConfigException(
          source, "", at.getLineNr(), at.getColumnNr(), "unexpected content after the end of the JSON document");
    }
  }

  /**
   * Parses {@code text} and closes it.
   *
   * @param source names the document in errors (a file path or {@code zoo:NAME})
   * @throws ConfigException on malformed JSON (with line and column) or a duplicated field
   */
  public static LocatedJson parse(Reader text, String source) {
    try (Reader in = text;
        JsonParser parser = FACTORY.createParser(in)) {
      return new LocatedJson(source, parser);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigException(
          source, null, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(source, null, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  public String source() {
    return source;
  }

  public JsonNode root() {
    return root;
  }

  /** An error about the value at {@code pointer}, located at its first character. */
  public ConfigException errorAtValue(String pointer, String problem) {
    return error(pointer, values.get(pointer), problem);
  }

  /** An error about the field name at {@code pointer} (e.g. an unknown field), located at its opening quote. */
  public ConfigException errorAtFieldName(String pointer, String problem) {
    return error(pointer, fieldNames.getOrDefault(pointer, values.get(pointer)), problem);
  }

  private ConfigException error(String pointer, JsonLocation at, String problem) {
    return new ConfigException(
        source, pointer, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), problem);
  }

  private JsonNode read(JsonParser parser, String pointer) throws IOException {
    values.put(pointer, parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return switch (token) {
      case START_OBJECT -> readObject(parser, pointer);
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser, pointer + "/" + array.size()));
        }
        yield array;
      }
      case VALUE_STRING -> nodes.textNode(parser.getText());
      case VALUE_NUMBER_INT -> nodes.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
      case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL -> nodes.nullNode();
      default -> throw errorAtValue(pointer, "unexpected JSON token " + token);
    };
  }

  private ObjectNode readObject(JsonParser parser, String pointer) throws IOException {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      String child = pointer + "/" + escape(field);
      fieldNames.put(child, parser.currentTokenLocation());
      if (object.has(field)) {
        throw errorAtFieldName(child, "field '" + field + "' appears twice");
      }
      parser.nextToken();
      object.set(field, read(parser, child));
    }
    return object;
  }

  /** Escapes a field name as one JSON-pointer segment (RFC 6901). */
  public static String escape(String field) {
    return field.replace("~", "~0").replace("/", "~1");
  }
}
