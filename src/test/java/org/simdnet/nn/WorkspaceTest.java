package org.simdnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.simdnet.layer.ReLU;

/** What a workspace holds: prediction needs activations only, training the delta buffers too. */
class WorkspaceTest {

    private final Mlp mlp = Mlp.initialise(new int[] {64, 128, 10}, new ReLU(), 1);

    @Test
    void anInferenceWorkspaceHasNoDeltaBuffers() {
        Workspace ws = Workspace.forInference(mlp, 256);
        assertEquals(0, ws.deltas[0].length + ws.deltas[1].length, "inference never runs backward");
        assertEquals(256 * 64, ws.activations[0].length);
    }

    @Test
    void aTrainingWorkspaceHoldsTheWidestLayerInEachDeltaBuffer() {
        Workspace ws = new Workspace(mlp, 32);
        assertEquals(32 * 128, ws.deltas[0].length);
        assertEquals(32 * 128, ws.deltas[1].length);
    }
}
