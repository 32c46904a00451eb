package io.jresnet.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses the Python literals that {@code .npy} headers are written in, as {@code ast.literal_eval} would, for the
 * subset numpy uses: dicts, tuples, lists, strings, integers, {@code True}, {@code False} and {@code None}. Values
 * become {@link Map} (string keys, in order), {@link Tuple}, {@link List}, {@link String}, {@link Long},
 * {@link Boolean} and {@link #NONE}.
 */
final class PyLiteralParser {
  /** Python's {@code None}. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /** A Python tuple; {@code (3,)} is a one-element tuple, {@code (3)} just the integer 3. */
  record Tuple(List<Object> items) {}

  /** Malformed input; the message says where. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message);
    }
  }

  // Far deeper than any header needs, shallow enough that "((((..." cannot overflow the stack.
  private static final int MAX_DEPTH = 32;

  private final String text;
  private int at;
  private int depth;

  private PyLiteralParser(String text) {
    this.text = text;
  }

  /** The one literal {@code text} holds, with only whitespace around it. */
  static Object parse(String text) throws SyntaxError {
    PyLiteralParser parser = new PyLiteralParser(text);
    Object value = parser.value();
    parser.skipWhitespace();
    if (parser.at < text.length()) {
      throw parser.error("unexpected text after the literal");
    }
    return value;
  }

  /** Python's {@code repr} of a parsed value, for error messages: {@code ('2', 3)}, {@code True}, {@code 'a\\'b'}. */
  static String repr(Object value) {
    return switch (value) {
      case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
      case Boolean b -> b ? "True" : "False";
      case Tuple(List<Object> items) when items.size() == 1 -> "(" + repr(items.getFirst()) + ",)";
      case Tuple(List<Object> items) -> items.stream().map(PyLiteralParser::repr)
          .collect(Collectors.joining(", ", "(", ")"));
      case List<?> items -> items.stream().map(PyLiteralParser::repr).collect(Collectors.joining(", ", "[", "]"));
      case Map<?, ?> dict -> dict.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
      default -> String.valueOf(value);
    };
  }

  private Object value() throws SyntaxError {
    skipWhitespace();
    if (at >= text.length()) {
      throw error("unexpected end, expected a value");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> nested(this::dict);
      case '[' -> nested(this::list);
      case '(' -> nested(this::parenthesised);
      case '\'', '"' -> string();
      default -> {
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
          yield integer();
        }
        if (Character.isLetter(c)) {
          yield keyword();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private interface Part {
    Object parse() throws SyntaxError;
  }

  private Object nested(Part part) throws SyntaxError {
    if (++depth > MAX_DEPTH) {
      throw error("brackets nested more than " + MAX_DEPTH + " deep");
    }
    Object value = part.parse();
    depth--;
    return value;
  }

  private Map<String, Object> dict() throws SyntaxError {
    at++;
    Map<String, Object> dict = new LinkedHashMap<>();
    while (true) {
      skipWhitespace();
      if (peek('}')) {
        at++;
        return dict;
      }
      int keyAt = at;
      Object key = value();
      if (!(key instanceof String name)) {
        at = keyAt;
        throw error("dict keys must be strings");
      }
      skipWhitespace();
      expect(':');
      Object item = value();
      if (dict.put(name, item) != null) {
        at = keyAt;
        throw error("key '" + name + "' appears twice");
      }
      if (!separator('}')) {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object parenthesised() throws SyntaxError {
    at++;
    skipWhitespace();
    if (peek(')')) {
      at++;
      return new Tuple(List.of());
    }
    Object first = value();
    skipWhitespace();
    if (peek(')')) {
      at++;
      return first;
    }
    expect(',');
    List<Object> items = new ArrayList<>();
    items.add(first);
    items.addAll(sequence(')'));
    return new Tuple(List.copyOf(items));
  }

  private List<Object> list() throws SyntaxError {
    at++;
    return sequence(']');
  }

  /** Comma-separated values up to {@code close}, trailing comma allowed; what comes before is already consumed. */
  private List<Object> sequence(char close) throws SyntaxError {
    List<Object> items = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (peek(close)) {
        at++;
        return items;
      }
      items.add(value());
      if (!separator(close)) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  /** After an element: consumes a comma (true), or sees {@code close} without consuming it (true), else false. */
  private boolean separator(char close) {
    skipWhitespace();
    if (peek(',')) {
      at++;
      return true;
    }
    return peek(close);
  }

  private String string() throws SyntaxError {
    char quote = text.charAt(at++);
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\n') {
        break;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case '\\', '\'', '"' -> out.append(escaped);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case '0' -> out.append('\0');
        case 'x' -> out.append((char) hex(2));
        case 'u' -> out.append((char) hex(4));
        default -> {
          at -= 2;
          throw error("unsupported escape '\\" + escaped + "' in a string");
        }
      }
    }
    throw error("unterminated string");
  }

  private int hex(int digits) throws SyntaxError {
    if (at + digits > text.length()) {
      throw error("truncated escape in a string");
    }
    try {
      int value = Integer.parseInt(text, at, at + digits, 16);
      at += digits;
      return value;
    } catch (NumberFormatException e) {
      throw error("bad hexadecimal escape in a string");
    }
  }

  private Object keyword() throws SyntaxError {
    int start = at;
    while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
      at++;
    }
    String word = text.substring(start, at);
    return switch (word) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> NONE;
      default -> {
        at = start;
        throw error("unknown name '" + word + "'");
      }
    };
  }

  // Decimal integers as Python 3 writes them (no leading zeros, '_' between digits), plus the 'L' suffix that
  // numpy on Python 2 wrote into shapes.
  private Long integer() throws SyntaxError {
    int start = at;
    boolean negative = text.charAt(at) == '-';
    if (text.charAt(at) == '-' || text.charAt(at) == '+') {
      at++;
    }
    StringBuilder digits = new StringBuilder();
    while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '_')) {
      char c = text.charAt(at);
      if (c == '_' && (digits.isEmpty() || text.charAt(at - 1) == '_')) {
        throw error("misplaced '_' in a number");
      }
      if (c != '_') {
        digits.append(c);
      }
      at++;
    }
    if (digits.isEmpty() || text.charAt(at - 1) == '_') {
      at = start;
      throw error("malformed number");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      at = start;
      throw error("leading zeros are not allowed in a number");
    }
    if (at < text.length() && (text.charAt(at) == 'L' || text.charAt(at) == 'l')) {
      at++;
    }
    if (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
      throw error("only integers are expected here");
    }
    try {
      long magnitude = Long.parseLong(digits.toString());
      return negative ? -magnitude : magnitude;
    } catch (NumberFormatException e) {
      at = start;
      throw error("integer " + digits + " is too large");
    }
  }

  private void skipWhitespace() {
    while (at < text.length() && " \t\r\n\f".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) throws SyntaxError {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private SyntaxError error(String problem) {
    return new SyntaxError(problem + " at character " + (at + 1));
  }
}
