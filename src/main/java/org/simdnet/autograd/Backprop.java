package org.simdnet.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One backward pass over the graph that ends at a root tensor.
 *
 * <ol>
 *   <li>Order: a depth-first walk from the root over inputs that need a gradient lists every
 *       node after all of its inputs (post-order); read backwards, that is a topological order in
 *       which a node comes before everything it was computed from. The walk is iterative so a
 *       long chain cannot overflow the stack.</li>
 *   <li>Check: every interior node still has its closure, otherwise an earlier pass freed it and
 *       nothing is touched.</li>
 *   <li>Sweep: the root receives the seed; each interior node, once every consumer has added its
 *       share to the node's pending gradient, hands that gradient to its closure, which adds the
 *       inputs' shares to theirs. Leaves add into their {@code grad}, so repeated passes
 *       accumulate.</li>
 * </ol>
 */
final class Backprop {

    private Backprop() {
    }

    static void run(Tensor root, float[] seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: this " + root.describe()
                    + " does not require a gradient (no input was marked with requireGrad())");
        }
        List<Tensor> postOrder = postOrder(root);
        for (Tensor t : postOrder) {
            if (!t.isLeaf() && t.backwardFn == null) {
                throw new IllegalStateException("backward through a graph a second time: the graph behind the "
                        + t.describe() + " result was freed by an earlier backward(); "
                        + "pass retainGraph = true to the first backward to keep it");
            }
        }
        try {
            float[] rootSink = root.gradSink();
            Elementwise.OPS.add(seed.length, rootSink, 0, seed, 0, rootSink, 0);
            for (int i = postOrder.size() - 1; i >= 0; i--) {
                Tensor t = postOrder.get(i);
                if (t.isLeaf()) {
                    continue;
                }
                float[] g = t.pending;
                t.pending = null;
                if (g != null) {
                    t.backwardFn.propagate(g);
                }
                if (!retainGraph) {
                    t.backwardFn = null;
                    t.inputs = null;
                }
            }
        } finally {
            // A pass cut short must not leave partial sums for the next one to add to.
            for (Tensor t : postOrder) {
                t.pending = null;
            }
        }
    }

    /** Nodes needing a gradient reachable from root, each after all of its inputs. */
    private static List<Tensor> postOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>(); // index of the next input to visit, per stack entry
        stack.add(root);
        next.add(0);
        seen.add(root);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor node = stack.get(top);
            Tensor[] inputs = node.inputs;
            int i = next.get(top);
            if (inputs != null && i < inputs.length) {
                next.set(top, i + 1);
                Tensor in = inputs[i];
                if (in.requiresGrad() && seen.add(in)) {
                    stack.add(in);
                    next.add(0);
                }
            } else {
                order.add(node);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }
}
