package io.jresnet.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which forward values a training step keeps for backward ({@link Layer#backwardNeeds()}), and after which step of
 * the reverse pass each of them is read for the last time and can be freed.
 */
final class BackwardPlan {
  private final ExecutionPlan forward;
  private final Set<String> kept;
  private final List<List<String>> releaseAfter;

  private BackwardPlan(ExecutionPlan forward, Set<String> kept, List<List<String>> releaseAfter) {
    this.forward = forward;
    this.kept = kept;
    this.releaseAfter = releaseAfter;
  }

  /**
   * Plans backward over {@code forward}, whose fused steps (a batch-norm or add with its ReLU) keep what {@link
   * ReluFusable#backwardNeeds(boolean)} says.
   */
  static BackwardPlan of(ExecutionPlan forward) {
    List<ExecutionPlan.Step> steps = forward.steps();
    // Backward runs the steps in reverse, so a value's last reader there is its first user in forward order.
    Map<String, Integer> firstUse = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      ExecutionPlan.Step step = steps.get(i);
      BackwardNeeds needs = needs(step);
      if (needs.inputs()) {
        for (String in : step.inputs()) {
          firstUse.putIfAbsent(in, i);
        }
      }
      if (needs.output()) {
        firstUse.putIfAbsent(step.output(), i);
      }
    }
    List<List<String>> releaseAfter = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      releaseAfter.add(new ArrayList<>());
    }
    firstUse.forEach((name, step) -> releaseAfter.get(step).add(name));
    List<List<String>> frozen = new ArrayList<>();
    releaseAfter.forEach(names -> frozen.add(List.copyOf(names)));
    return new BackwardPlan(forward, Set.copyOf(new LinkedHashSet<>(firstUse.keySet())), List.copyOf(frozen));
  }

  /** What the backward of {@code step} reads, its fused ReLU included. */
  static BackwardNeeds needs(ExecutionPlan.Step step) {
    return step.fusedRelu() ? ((ReluFusable) step.layer()).backwardNeeds(true) : step.layer().backwardNeeds();
  }

  /** The forward plan this backward reverses. */
  ExecutionPlan forward() {
    return forward;
  }

  /** Names of the values (node outputs, or the graph input) that some backward step reads. */
  Set<String> kept() {
    return kept;
  }

  /** The kept values that no backward step after step {@code index} (in reverse order) reads. */
  List<String> releaseAfter(int index) {
    return releaseAfter.get(index);
  }
}
