package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void rewritesOneLineInPlaceAndErasesIt() {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), true);
    progress.show("warm-up 1/3");
    progress.show("iteration 1/10");
    progress.clear();
    progress.clear();
    assertEquals("\rwarm-up 1/3\u001b[K\riteration 1/10\u001b[K\r\u001b[K", err.toString());
  }

  @Test
  void printsNothingWhenStderrIsNoTerminal() {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), false);
    progress.show("warm-up 1/3");
    progress.clear();
    assertEquals("", err.toString());
  }
}
