package org.simdnet.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * An activation written as element-wise primitive operators ({@code Mul}, {@code Add},
 * {@code Pow}, {@code Tanh}, ... of the current tensor and scalar constants), as exporters write
 * GELU for opsets that lack it. Rather than expect one node order, the importer takes the nodes
 * that compute a function of the current tensor alone, evaluates it on a grid of points in
 * double precision, and asks each parameter-free activation whether it is the same function.
 */
final class ElementwiseRegion {

    private static final Set<String> OPERATORS = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Tanh", "Sigmoid",
            "Relu", "Neg", "Exp", "Sqrt", "Identity", "Cast");
    private static final int MAX_NODES = 64;
    private static final double[] GRID = grid();

    private final List<OnnxNode> nodes;
    private final String input;
    private final String output;
    private final OnnxChain chain;

    private ElementwiseRegion(List<OnnxNode> nodes, String input, String output, OnnxChain chain) {
        this.nodes = nodes;
        this.input = input;
        this.output = output;
        this.chain = chain;
    }

    List<OnnxNode> nodes() {
        return nodes;
    }

    String output() {
        return output;
    }

    /**
     * The shortest run of element-wise nodes from the chain's current tensor whose function
     * {@code candidate} accepts, or null.
     */
    static ElementwiseRegion find(OnnxChain chain, java.util.function.Predicate<DoubleUnaryOperator> candidate) {
        String x = chain.current();
        Set<String> reached = new HashSet<>();
        reached.add(x);
        List<OnnxNode> region = new ArrayList<>();
        for (OnnxNode n : chain.nodes()) {
            if (region.size() == MAX_NODES) {
                break;
            }
            if (chain.isTaken(n) || !OPERATORS.contains(n.opType) || !n.domain.isEmpty() || n.outputs.size() != 1) {
                continue;
            }
            boolean readsRegion = false;
            boolean fits = true;
            for (String in : n.inputs) {
                if (reached.contains(in)) {
                    readsRegion = true;
                } else if (Double.isNaN(chain.scalar(in))) {
                    fits = false;
                }
            }
            if (!readsRegion || !fits || (n.opType.equals("Cast") && !castsToFloat(n))) {
                continue;
            }
            region.add(n);
            reached.add(n.outputs.get(0));
            ElementwiseRegion prefix = new ElementwiseRegion(new ArrayList<>(region), x, n.outputs.get(0), chain);
            if (prefix.closed() && candidate.test(prefix::evaluate)) {
                return prefix;
            }
        }
        return null;
    }

    /** The grid the functions are compared on: dense over [−8, 8], and some far points. */
    static double[] points() {
        return GRID.clone();
    }

    /**
     * True when no node outside the region reads its input or a tensor of the region other than
     * its output: the region is one step of a chain, not a branch.
     */
    private boolean closed() {
        Set<OnnxNode> inside = new HashSet<>(nodes);
        for (OnnxNode reader : chain.readersOf(input)) {
            if (!inside.contains(reader)) {
                return false;
            }
        }
        for (OnnxNode n : nodes) {
            String t = n.outputs.get(0);
            if (t.equals(output)) {
                continue;
            }
            if (chain.isGraphOutput(t)) {
                return false;
            }
            for (OnnxNode reader : chain.readersOf(t)) {
                if (!inside.contains(reader)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean castsToFloat(OnnxNode n) {
        OnnxNode.Attribute to = n.attributes.get("to");
        return to != null && to.i == OnnxTensor.FLOAT;
    }

    /**
     * The region's function at {@code x}, in double precision: node k writes slot k + 1, slot 0
     * is x; an operand is a slot or a constant. Compiled once, so evaluating allocates nothing.
     */
    private double evaluate(double x) {
        if (slots == null) {
            compile();
        }
        slots[0] = x;
        double y = Double.NaN;
        for (int k = 0; k < ops.length; k++) {
            double a = aSlot[k] >= 0 ? slots[aSlot[k]] : aConst[k];
            double b = bSlot[k] >= 0 ? slots[bSlot[k]] : bConst[k];
            switch (ops[k]) {
                case "Add": y = a + b; break;
                case "Sub": y = a - b; break;
                case "Mul": y = a * b; break;
                case "Div": y = a / b; break;
                case "Pow": y = Math.pow(a, b); break;
                case "Tanh": y = Math.tanh(a); break;
                case "Sigmoid": y = 1 / (1 + Math.exp(-a)); break;
                case "Relu": y = Math.max(a, 0); break;
                case "Neg": y = -a; break;
                case "Exp": y = Math.exp(a); break;
                case "Sqrt": y = Math.sqrt(a); break;
                default: y = a;                          // Identity, Cast to float
            }
            slots[k + 1] = y;
        }
        return y;
    }

    private double[] slots;
    private String[] ops;
    private int[] aSlot;
    private int[] bSlot;
    private double[] aConst;
    private double[] bConst;

    private void compile() {
        int n = nodes.size();
        ops = new String[n];
        aSlot = new int[n];
        bSlot = new int[n];
        aConst = new double[n];
        bConst = new double[n];
        Map<String, Integer> slotOf = new HashMap<>();
        slotOf.put(input, 0);
        for (int k = 0; k < n; k++) {
            OnnxNode node = nodes.get(k);
            ops[k] = node.opType;
            aSlot[k] = operand(node, 0, slotOf, aConst, k);
            bSlot[k] = node.inputs.size() > 1 ? operand(node, 1, slotOf, bConst, k) : -1;
            slotOf.put(node.outputs.get(0), k + 1);
        }
        slots = new double[n + 1];
    }

    private int operand(OnnxNode node, int i, Map<String, Integer> slotOf, double[] constants, int k) {
        Integer slot = slotOf.get(node.inputs.get(i));
        if (slot != null) {
            return slot;
        }
        constants[k] = chain.scalar(node.inputs.get(i));
        return -1;
    }

    private static double[] grid() {
        List<Double> g = new ArrayList<>();
        for (int i = -320; i <= 320; i++) {
            g.add(i / 40.0);
        }
        for (double far : new double[] {12, 20, 50, 1e-4, 3e-3}) {
            g.add(far);
            g.add(-far);
        }
        return g.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
