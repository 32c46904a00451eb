package io.jresnet.models.experiment;

import io.jresnet.tck.ReferenceBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The child process of {@link KilledTrainingTest}: trains the experiment given as the argument on the reference
 * backend and, at the first step of epoch 3, says so on stdout and waits to be killed.
 */
public final class TrainUntilKilled {
  /** The line the child prints when it is in the middle of epoch 3. */
  static final String READY = "in epoch 3: kill me";

  private TrainUntilKilled() {}

  public static void main(String[] args) throws InterruptedException {
    Experiment experiment = ExperimentReader.read(Path.of(args[0]));
    try (ReferenceBackend backend = new ReferenceBackend()) {
      new Trainer(
              experiment,
              backend,
              new TrainingListener() {
                @Override
                public void batchFinished(BatchProgress progress) {
                  if (progress.epoch() == 3) {
                    System.out.println(READY);
                    System.out.flush();
                    try {
                      Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }
              })
          .run(Optional.empty());
    }
    // Reaching this line means the kill never came: the parent fails the test on this exit code.
    System.exit(3);
  }
}
