package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The committed fixtures are complete and intact, and a damaged one is reported by name. */
class GoldenFixturesTest {
  @Test
  void everyCaseFileMatchesItsChecksum() {
    List<GoldenCase> cases = GoldenFixtures.cases();
    for (GoldenCase c : cases) {
      assertTrue(GoldenFixtures.verified(c.input(), c.inputSha256()).toFile().isFile(), c.input());
      assertTrue(GoldenFixtures.verified(c.output(), c.outputSha256()).toFile().isFile(), c.output());
    }
    Set<String> labels = cases.stream().map(GoldenCase::toString).collect(Collectors.toSet());
    for (String required :
        List.of(
            "resnet18 2x64x64x3", "resnet18 1x97x131x3", "resnet50 2x64x64x3", "resnet50 1x97x131x3",
            "resnet50-keras-64x64-6 2x64x64x3", "resnet50-keras-64x64-6 1x33x57x3",
            "resnet50-keras-64x64-6 1x97x131x3")) {
      assertTrue(labels.contains(required), "the manifest lacks the case " + required + "; it has " + labels);
    }
  }

  @Test
  void aChecksumMismatchNamesTheFixture() {
    GoldenCase first = GoldenFixtures.cases().getFirst();
    String wrong = "0".repeat(64);
    AssertionError error = assertThrows(AssertionError.class, () -> GoldenFixtures.verified(first.input(), wrong));
    assertTrue(error.getMessage().contains(first.input()), error.getMessage());
    assertTrue(error.getMessage().endsWith("expects " + wrong + "; regenerate with tools/golden/make_golden.py"),
        error.getMessage());
  }

  @Test
  void aMissingFixtureIsNamed() {
    AssertionError error =
        assertThrows(AssertionError.class, () -> GoldenFixtures.verified("no-such.npy", "0".repeat(64)));
    assertEquals("golden fixture /golden/no-such.npy is not on the test class path;"
        + " regenerate with tools/golden/make_golden.py", error.getMessage());
  }
}
