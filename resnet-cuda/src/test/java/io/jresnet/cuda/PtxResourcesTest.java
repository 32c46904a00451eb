package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX must come from the committed CUDA C: every {@code src/main/cuda/*.cu} has a PTX resource whose
 * header records the source's sha256. A stale PTX fails here, with the command that fixes it.
 */
class PtxResourcesTest {
  private static final Path SOURCES = Path.of("src/main/cuda");
  private static final Pattern HEADER = Pattern.compile("^// source-sha256: ([0-9a-f]{64}) (\\S+)\\.cu$");

  @Test
  void everyKernelSourceHasCurrentPtx() throws IOException, NoSuchAlgorithmException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(SOURCES)) {
      sources = files.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
    }
    assertEquals(PtxKernels.MODULES.stream().sorted().toList(),
        sources.stream().map(p -> p.getFileName().toString().replace(".cu", "")).toList(),
        "PtxKernels.MODULES must name exactly the .cu files in " + SOURCES);
    for (Path source : sources) {
      String module = source.getFileName().toString().replace(".cu", "");
      String ptx = new String(PtxKernels.resource(module), StandardCharsets.UTF_8);
      Matcher header = HEADER.matcher(ptx.lines().findFirst().orElse(""));
      assertTrue(header.matches(), module + ".ptx lacks its source-sha256 header; run tools/cuda/build-ptx.sh");
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source)));
      assertEquals(actual, header.group(1),
          source + " changed since its PTX was built; run tools/cuda/build-ptx.sh and commit the PTX");
      assertEquals(module, header.group(2));
      assertTrue(ptx.contains("\n.version 8.0\n"), module + ".ptx must declare PTX ISA 8.0 (CUDA 12.0+ drivers)");
    }
  }

  @Test
  void theResourcesEndWithTheNulTheDriverNeeds() {
    byte[] ptx = PtxKernels.resource("loss");
    assertEquals(0, ptx[ptx.length - 1]);
    assertTrue(new String(ptx, StandardCharsets.UTF_8).contains(".entry softmax_cross_entropy_f32("));
  }
}
