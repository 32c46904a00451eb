package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
  @TempDir Path dir;

  @Test
  void oneRowPerEpoch() throws IOException {
    Path file = dir.resolve("metrics.csv");
    MetricsCsv.write(
        file,
        List.of(
            new EpochMetrics(1, 0.1, 1.5, 0.4, 1.25, 0.5, 0.9, 812.34, 3.456),
            new EpochMetrics(2, 0.05, 0.75, 0.6, 0.625, 0.7, 0.95, 900, 3)));
    assertEquals(
        """
        epoch,lr,train_loss,train_acc,val_loss,val_acc,val_top5,images_per_s,seconds
        1,0.100000,1.500000,0.400000,1.250000,0.500000,0.900000,812.3,3.46
        2,0.0500000,0.750000,0.600000,0.625000,0.700000,0.950000,900.0,3.00
        """,
        Files.readString(file));
    MetricsCsv.write(file, List.of());
    assertEquals(MetricsCsv.HEADER + "\n", Files.readString(file));
  }
}
