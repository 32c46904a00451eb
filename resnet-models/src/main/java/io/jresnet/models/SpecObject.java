package io.jresnet.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jresnet.ConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One JSON object of a spec with the fields it allows. Every accessor validates type and range and reports errors
 * with the field's JSON pointer, line and column, and what is allowed.
 */
public final class SpecObject {
  private final LocatedJson doc;
  private final String pointer;
  private final ObjectNode node;

  private SpecObject(LocatedJson doc, String pointer, JsonNode node, List<String> allowedFields) {
    this.doc = doc;
    this.pointer = pointer;
    if (!node.isObject()) {
      throw doc.errorAtValue(pointer, "expected an object, got " + describe(node));
    }
    this.node = (ObjectNode) node;
    rejectUnknownFields(allowedFields);
  }

  /** The document's root object, allowing only {@code allowedFields}. */
  public static SpecObject root(LocatedJson doc, String... allowedFields) {
    return new SpecObject(doc, "", doc.root(), List.of(allowedFields));
  }

  public String pointer(String field) {
    return pointer + "/" + LocatedJson.escape(field);
  }

  /** Present with a non-null value. */
  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** An error about the value of {@code field}. */
  public ConfigException error(String field, String problem) {
    return doc.errorAtValue(pointer(field), problem);
  }

  /** An error about this object as a whole. */
  public ConfigException error(String problem) {
    return doc.errorAtValue(pointer, problem);
  }

  public int requiredInt(String field, int min, int max) {
    return integer(field, required(field), min, max);
  }

  public long requiredLong(String field, long min, long max) {
    JsonNode v = required(field);
    if (!v.isIntegralNumber()) {
      throw error(field, "expected an integer, got " + describe(v));
    }
    BigInteger value = v.bigIntegerValue();
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(field, "value " + value + " is out of range; allowed " + min + ".." + max);
    }
    return value.longValue();
  }

  public int optionalInt(String field, int min, int max, int fallback) {
    return has(field) ? integer(field, node.get(field), min, max) : fallback;
  }

  public double requiredNumber(String field, NumberRange range) {
    return number(pointer(field), required(field), range);
  }

  public double optionalNumber(String field, NumberRange range, double fallback) {
    return has(field) ? number(pointer(field), node.get(field), range) : fallback;
  }

  public boolean optionalBool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw error(field, "expected true or false, got " + describe(v));
    }
    return v.booleanValue();
  }

  public String requiredString(String field) {
    return string(field, required(field));
  }

  public String optionalString(String field, String fallback) {
    return has(field) ? string(field, node.get(field)) : fallback;
  }

  /** One of {@code choices} by its JSON name; {@code fallback} when absent (null: the field is required). */
  public <E extends Enum<E> & JsonNamed> E choice(String field, Class<E> type, E fallback) {
    if (!has(field)) {
      if (fallback == null) {
        required(field);
      }
      return fallback;
    }
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(e -> "'" + e.jsonName() + "'").collect(Collectors.joining(", "));
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw error(field, "expected one of " + allowed + ", got " + describe(v));
    }
    for (E e : type.getEnumConstants()) {
      if (e.jsonName().equals(v.textValue())) {
        return e;
      }
    }
    throw error(field, "value '" + v.textValue() + "' is not allowed; allowed values: " + allowed);
  }

  public SpecObject requiredObject(String field, String... allowedFields) {
    return new SpecObject(doc, pointer(field), required(field), List.of(allowedFields));
  }

  /** The object, or empty when the field is absent or null. */
  public Optional<SpecObject> optionalObject(String field, String... allowedFields) {
    return has(field)
        ? Optional.of(new SpecObject(doc, pointer(field), node.get(field), List.of(allowedFields)))
        : Optional.empty();
  }

  /** An array of {@code minItems..maxItems} objects, each allowing {@code allowedFields}. */
  public List<SpecObject> requiredObjects(String field, int minItems, int maxItems, String... allowedFields) {
    JsonNode array = array(field, minItems, maxItems);
    List<SpecObject> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(new SpecObject(doc, pointer(field) + "/" + i, array.get(i), List.of(allowedFields)));
    }
    return out;
  }

  /** An array of exactly {@code count} numbers, each in {@code range}; {@code fallback} when absent. */
  public List<Double> optionalNumbers(String field, int count, NumberRange range, List<Double> fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode array = array(field, count, count);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(number(pointer(field) + "/" + i, array.get(i), range));
    }
    return out;
  }

  /** An array of {@code minItems..maxItems} strings. */
  public List<String> requiredStrings(String field, int minItems, int maxItems) {
    JsonNode array = array(field, minItems, maxItems);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      if (!v.isTextual()) {
        throw doc.errorAtValue(pointer(field) + "/" + i, "expected a string, got " + describe(v));
      }
      out.add(v.textValue());
    }
    return out;
  }

  /** An array of {@code minItems..maxItems} integers, each in {@code min..max}. */
  public List<Integer> requiredInts(String field, int minItems, int maxItems, int min, int max) {
    JsonNode array = array(field, minItems, maxItems);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(integerAt(pointer(field) + "/" + i, array.get(i), min, max));
    }
    return out;
  }

  private JsonNode array(String field, int minItems, int maxItems) {
    JsonNode v = required(field);
    if (!v.isArray()) {
      throw error(field, "expected an array, got " + describe(v));
    }
    if (v.size() < minItems || v.size() > maxItems) {
      String expected = minItems == maxItems ? "exactly " + minItems : minItems + " to " + maxItems;
      throw error(field, "expected " + expected + " items, got " + v.size());
    }
    return v;
  }

  private JsonNode required(String field) {
    if (!has(field)) {
      throw doc.errorAtValue(
          pointer, "missing required field '" + field + "'" + (node.has(field) ? " (it is null)" : ""));
    }
    return node.get(field);
  }

  private int integer(String field, JsonNode v, int min, int max) {
    return integerAt(pointer(field), v, min, max);
  }

  private int integerAt(String at, JsonNode v, int min, int max) {
    if (!v.isIntegralNumber()) {
      throw doc.errorAtValue(at, "expected an integer, got " + describe(v));
    }
    BigInteger value = v.bigIntegerValue();
    if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw doc.errorAtValue(at, "value " + value + " is out of range; allowed " + min + ".." + max);
    }
    return value.intValue();
  }

  private double number(String at, JsonNode v, NumberRange range) {
    if (!v.isNumber()) {
      throw doc.errorAtValue(at, "expected a number, got " + describe(v));
    }
    double value = v.doubleValue();
    if (!range.contains(value)) {
      throw doc.errorAtValue(at, "value " + v.asText() + " is out of range; allowed " + range);
    }
    return value;
  }

  private String string(String field, JsonNode v) {
    if (!v.isTextual()) {
      throw error(field, "expected a string, got " + describe(v));
    }
    return v.textValue();
  }

  private void rejectUnknownFields(List<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        String hint = closest(name, allowed).map(c -> " (did you mean '" + c + "'?)").orElse("");
        throw doc.errorAtFieldName(
            pointer(name), "unknown field '" + name + "'" + hint + "; allowed fields: " + String.join(", ", allowed));
      }
    }
  }

  /** The allowed name within two edits of {@code name}, if one is. */
  private static Optional<String> closest(String name, List<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int d = editDistance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** How a received value is named in messages: its JSON type and, for scalars, the value itself. */
  public static String describe(JsonNode v) {
    if (v.isTextual()) {
      return "a string (\"" + v.textValue() + "\")";
    }
    if (v.isIntegralNumber()) {
      return "an integer (" + v.asText() + ")";
    }
    if (v.isNumber()) {
      return "a number (" + v.asText() + ")";
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    if (v.isNull()) {
      return "null";
    }
    return v.isArray() ? "an array" : "an object";
  }
}
