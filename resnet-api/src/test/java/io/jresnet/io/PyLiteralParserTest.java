package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.io.PyLiteralParser.SyntaxError;
import io.jresnet.io.PyLiteralParser.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyLiteralParserTest {
  @Test
  void numpyHeaders() throws SyntaxError {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("descr", "<f4");
    expected.put("fortran_order", false);
    expected.put("shape", new Tuple(List.of(2L, 3L)));
    assertEquals(expected, PyLiteralParser.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   \n"));
    assertEquals(expected, PyLiteralParser.parse("{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,3)}"));
  }

  @Test
  void tuplesAndParentheses() throws SyntaxError {
    assertEquals(new Tuple(List.of()), PyLiteralParser.parse("()"));
    assertEquals(new Tuple(List.of(5L)), PyLiteralParser.parse("(5,)"));
    assertEquals(5L, PyLiteralParser.parse("(5)"));
    assertEquals(new Tuple(List.of(1L, new Tuple(List.of(2L)))), PyLiteralParser.parse("( 1 , ( 2 , ) )"));
    assertEquals(List.of(1L, 2L), PyLiteralParser.parse("[1, 2,]"));
    assertEquals(List.of(), PyLiteralParser.parse("[ ]"));
  }

  @Test
  void scalars() throws SyntaxError {
    assertEquals(true, PyLiteralParser.parse("True"));
    assertEquals(PyLiteralParser.NONE, PyLiteralParser.parse(" None "));
    assertEquals(-12L, PyLiteralParser.parse("-12"));
    assertEquals(1_000_000L, PyLiteralParser.parse("1_000_000"));
    assertEquals(0L, PyLiteralParser.parse("0"));
    // numpy under Python 2 wrote shapes as (3L, 4L).
    assertEquals(new Tuple(List.of(3L, 4L)), PyLiteralParser.parse("(3L, 4L)"));
    assertEquals("a'b\"c\\d\ne\u00e9", PyLiteralParser.parse("'a\\'b\"c\\\\d\\ne\\xe9'"));
    assertEquals("\u20ac", PyLiteralParser.parse("\"\\u20ac\""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{'a': 1 'b': 2}|expected ',' or '}' at character 9",
      "{'a' 1}|expected ':' at character 6",
      "{'a': 1, 'a': 2}|key 'a' appears twice at character 10",
      "{1: 2}|dict keys must be strings at character 2",
      "(1 2)|expected ',' at character 4",
      "(,)|unexpected character ',' at character 2",
      "[1,,]|unexpected character ',' at character 4",
      "'abc|unterminated string at character 5",
      "'a\\qb'|unsupported escape '\\q' in a string at character 3",
      "'\\x4|truncated escape in a string at character 4",
      "'\\x4'|bad hexadecimal escape in a string at character 4",
      "'\\xzz'|bad hexadecimal escape in a string",
      "true|unknown name 'true' at character 1",
      "Truex|unknown name 'Truex' at character 1",
      "1.5|only integers are expected here at character 2",
      "007|leading zeros are not allowed in a number at character 1",
      "1__0|misplaced '_' in a number",
      "10_|malformed number at character 1",
      "-|malformed number at character 1",
      "99999999999999999999|integer 99999999999999999999 is too large",
      "{}x|unexpected text after the literal at character 3",
      "``|unexpected end, expected a value at character 1",
      "`{'a': `|unexpected end, expected a value at character 7",
      "os.system('x')|unknown name 'os' at character 1",
      "@|unexpected character '@' at character 1",
  })
  void malformedLiteralsSayWhatAndWhere(String text, String message) {
    SyntaxError e = assertThrows(SyntaxError.class, () -> PyLiteralParser.parse(text));
    assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
  }

  @Test
  void reprWritesPythonSyntax() throws SyntaxError {
    String text = "{'a': (1,), 'b': [True, None, 'x\\'y'], 'c': (), 'd': (2, -3)}";
    assertEquals(text, PyLiteralParser.repr(PyLiteralParser.parse(text)));
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    SyntaxError e = assertThrows(SyntaxError.class, () -> PyLiteralParser.parse("(".repeat(100_000)));
    assertTrue(e.getMessage().contains("brackets nested more than 32 deep"), e.getMessage());
  }
}
