package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.graph.Graph;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a training step keeps for backward, and when backward lets go of it; no backend needed. */
class BackwardPlanTest {
  @Test
  void keepsWhatEachLayerReadsAndReleasesItAtItsLastReverseUse() {
    Graph graph = TestGraphs.smallResidual().withoutFinalSoftmax();
    List<Layer> layers = Layers.createAll(graph);
    BackwardPlan plan = BackwardPlan.of(ExecutionPlan.of(graph, layers, false));
    // Conv, batch-norm and dense inputs; ReLU outputs. Adds and the global pool need only shapes.
    assertEquals(
        Set.of(
            Graph.INPUT, "conv1", "relu", "layer1.0.conv1", "layer1.0.relu1", "layer1.0.conv2",
            "layer1.0.downsample.0", "layer1.0.relu2", "avgpool"),
        plan.kept());
    List<String> order = graph.nodes().stream().map(n -> n.name()).toList();
    // 'relu' is the ReLU's own output and the input of two convs: the first of them in forward order reads it last.
    assertEquals(List.of("relu"), plan.releaseAfter(order.indexOf("relu")));
    assertEquals(List.of(), plan.releaseAfter(order.indexOf("layer1.0.conv1")));
    assertEquals(List.of(), plan.releaseAfter(order.indexOf("layer1.0.downsample.0")));
    assertEquals(List.of(Graph.INPUT), plan.releaseAfter(order.indexOf("conv1")));
    assertEquals(List.of("avgpool"), plan.releaseAfter(order.indexOf("fc")));
    assertEquals(List.of(), plan.releaseAfter(order.indexOf("avgpool")));
  }

  @Test
  void aFusedPlanKeepsEachFusedOutputAsTheMaskOfItsRelu() {
    Graph graph = TestGraphs.smallResidual().withoutFinalSoftmax();
    ExecutionPlan fused = ExecutionPlan.of(graph, Layers.createAll(graph), true);
    BackwardPlan plan = BackwardPlan.of(fused);
    List<String> outputs = fused.steps().stream().map(ExecutionPlan.Step::output).toList();
    // bn1 + relu is one step made 'relu': batch-norm reads its input 'conv1', the ReLU its output 'relu'.
    ExecutionPlan.Step bn1 = fused.steps().get(outputs.indexOf("relu"));
    assertEquals("bn1", bn1.layer().node().name());
    assertEquals(BackwardNeeds.INPUTS_AND_OUTPUT, BackwardPlan.needs(bn1));
    // The add with its ReLU reads only its output; the add alone reads nothing.
    ExecutionPlan.Step add = fused.steps().get(outputs.indexOf("layer1.0.relu2"));
    assertEquals(BackwardNeeds.OUTPUT, BackwardPlan.needs(add));
    assertEquals(BackwardNeeds.NOTHING, add.layer().backwardNeeds());
    assertEquals(
        Set.of(
            Graph.INPUT, "conv1", "relu", "layer1.0.conv1", "layer1.0.relu1", "layer1.0.conv2",
            "layer1.0.downsample.0", "layer1.0.relu2", "avgpool"),
        plan.kept());
    // Backward of the fused step is the last to read both its input and its output.
    assertEquals(Set.of("conv1", "relu"), Set.copyOf(plan.releaseAfter(outputs.indexOf("relu"))));
    assertEquals(List.of(Graph.INPUT), plan.releaseAfter(outputs.indexOf("conv1")));
  }
}
