package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void padsColumnsAndRightAlignsMarkedOnes() {
    String text = new MarkdownTable("name", ">ms").row("layer1.0.conv1", "1.5").row("fc", "12.25").render();
    assertEquals(
        """
        | name           |    ms |
        | -------------- | ----: |
        | layer1.0.conv1 |   1.5 |
        | fc             | 12.25 |
        """,
        text);
  }

  @Test
  void rowsMustFillEveryColumn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("only one"));
    assertEquals("row has 1 cells, the table 2", e.getMessage());
  }
}
