package io.jresnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of {@code jdk.ObjectAllocationSample} events around some work, summarised to the methods that
 * allocated most: the evidence that a hot path allocates nothing (an empty list) or where it still does.
 */
public final class AllocationSites {
  private static final String EVENT = "jdk.ObjectAllocationSample";

  private AllocationSites() {}

  /** Runs {@code work} under a recording and returns at most {@code top} sites, heaviest first. */
  public static List<AllocationSite> record(Runnable work, int top) {
    Path file = null;
    try (Recording recording = new Recording()) {
      recording.enable(EVENT).withStackTrace().with("throttle", "10000/s");
      recording.start();
      work.run();
      recording.stop();
      file = Files.createTempFile("jresnet-alloc", ".jfr");
      recording.dump(file);
      return summarise(RecordingFile.readAllEvents(file), top);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write or read the JFR recording", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // A leftover temporary file is harmless.
        }
      }
    }
  }

  /**
   * Sums the samples by site. Each thread's first sample is left out: JFR weighs a sample with all its thread
   * allocated since that thread's previous sample, so the first one in a recording also carries whatever the thread
   * allocated before the recording started (a warm-up's gigabytes).
   */
  static List<AllocationSite> summarise(List<RecordedEvent> events, int top) {
    Map<String, long[]> byFrame = new HashMap<>();
    Set<Long> sampledThreads = new HashSet<>();
    List<RecordedEvent> inOrder = new ArrayList<>(events);
    inOrder.sort(Comparator.comparing(RecordedEvent::getStartTime));
    for (RecordedEvent event : inOrder) {
      if (!event.getEventType().getName().equals(EVENT)) {
        continue;
      }
      RecordedThread thread = event.getThread("eventThread");
      if (thread != null && sampledThreads.add(thread.getId())) {
        continue;
      }
      String frame = frameOf(event.getStackTrace());
      if (frame == null) {
        continue;
      }
      long[] sums = byFrame.computeIfAbsent(frame, k -> new long[2]);
      sums[0] += event.getLong("weight");
      sums[1]++;
    }
    return byFrame.entrySet().stream()
        .map(e -> new AllocationSite(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .sorted(Comparator.comparingLong(AllocationSite::bytes).reversed())
        .limit(top)
        .toList();
  }

  /** The first jresnet frame of the sample, or null for the recorder's own allocations (stopping the recording). */
  private static String frameOf(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack trace)";
    }
    RecordedFrame chosen = stack.getFrames().getFirst();
    for (RecordedFrame frame : stack.getFrames()) {
      if (frame.isJavaFrame() && frame.getMethod().getType().getName().startsWith("io.jresnet.")) {
        chosen = frame;
        break;
      }
    }
    if (chosen.isJavaFrame() && chosen.getMethod().getType().getName().equals(AllocationSites.class.getName())) {
      return null;
    }
    return chosen.getMethod().getType().getName() + "." + chosen.getMethod().getName() + ":"
        + chosen.getLineNumber();
  }
}
