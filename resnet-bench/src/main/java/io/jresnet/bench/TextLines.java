package io.jresnet.bench;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping for chart labels. */
final class TextLines {
  private TextLines() {}

  /** {@code text} split at spaces into lines of at most {@code width} characters (longer words stay whole). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
