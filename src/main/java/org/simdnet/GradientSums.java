package org.simdnet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.simdnet.train.SubtreeFold;

/**
 * Partial sums of one batch's gradient along the trainer's reduction tree, for data-parallel
 * training across machines ({@link DistributedTrainer}, {@link ShardWorker}).
 *
 * <p><b>The tree.</b> A batch of {@code S} shards sums its shard gradients pairwise along a tree
 * whose node {@code (level k, index i)} covers shards {@code [i·2^k, (i+1)·2^k) ∩ [0, S)} and is
 * its left child plus its right child, or its left child alone when the right one is empty. Its
 * shape depends on {@code S} alone, so the sum is the same bits however the shards are spread
 * over threads or machines, as long as each machine sends whole subtrees: that is the in-process
 * trainer's guarantee, and these are its rules. A worker that holds a run of consecutive shards
 * sums the largest aligned subtrees inside the run; {@link #combine} adds the subtrees from all
 * workers into the root, in the tree's order.
 *
 * <p>The loss and the count of right predictions travel with the gradients, summed in double
 * along the same tree.
 */
public final class GradientSums implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int shards;
    private final int[] levels;
    private final int[] indices;
    private final float[][] sums;
    private final double[] losses;
    private final double[] corrects;

    GradientSums(int shards, int[] levels, int[] indices, float[][] sums, double[] losses, double[] corrects) {
        this.shards = shards;
        this.levels = levels;
        this.indices = indices;
        this.sums = sums;
        this.losses = losses;
        this.corrects = corrects;
    }

    /** Shards in the batch these sums belong to. */
    public int batchShards() {
        return shards;
    }

    /** Subtrees held. */
    public int nodes() {
        return sums.length;
    }

    /** The batch's mean gradient; only for the root that {@link #combine} returns. */
    public float[] gradient() {
        return root().sums[0];
    }

    /** The batch's mean loss; only for the root that {@link #combine} returns. */
    public double loss() {
        return root().losses[0];
    }

    /** How many of the batch's rows were predicted right; only for the root that {@link #combine} returns. */
    public double correct() {
        return root().corrects[0];
    }

    private GradientSums root() {
        if (sums.length != 1 || levels[0] != topLevel(shards) || indices[0] != 0) {
            throw new IllegalStateException("these are partial sums (" + describe() + "); combine them first");
        }
        return this;
    }

    /**
     * The root of the tree, from partial sums that together cover every shard of one batch exactly
     * once. The parts' gradient arrays are reused for the sums (the parts are spent).
     *
     * @throws IllegalArgumentException when the parts belong to batches of different sizes, overlap,
     *                                  or leave a shard out
     */
    public static GradientSums combine(List<GradientSums> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no gradient sums to combine");
        }
        int shards = parts.get(0).shards;
        Map<Long, Node> nodes = new HashMap<>();
        List<int[]> spans = new ArrayList<>();
        for (GradientSums part : parts) {
            if (part.shards != shards) {
                throw new IllegalArgumentException("gradient sums of batches of " + shards + " and " + part.shards
                        + " shards cannot be combined");
            }
            for (int n = 0; n < part.sums.length; n++) {
                int k = part.levels[n];
                int i = part.indices[n];
                spans.add(new int[] {i << k, Math.min((i + 1) << k, shards)});
                nodes.put(key(k, i), new Node(part.sums[n], part.losses[n], part.corrects[n]));
            }
        }
        checkCover(spans, shards);
        int top = topLevel(shards);
        Node root = node(nodes, top, 0, shards);
        return new GradientSums(shards, new int[] {top}, new int[] {0}, new float[][] {root.sum},
                new double[] {root.loss}, new double[] {root.correct});
    }

    /** Node (k, i): given, or its left child plus its right child when that is not empty. */
    private static Node node(Map<Long, Node> nodes, int k, int i, int shards) {
        Node given = nodes.get(key(k, i));
        if (given != null) {
            return given;
        }
        Node left = node(nodes, k - 1, 2 * i, shards);
        if ((2 * i + 1) << (k - 1) >= shards) {
            return left;
        }
        Node right = node(nodes, k - 1, 2 * i + 1, shards);
        SubtreeFold.add(right.sum, left.sum);
        return new Node(left.sum, left.loss + right.loss, left.correct + right.correct);
    }

    private static void checkCover(List<int[]> spans, int shards) {
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        int next = 0;
        for (int[] s : spans) {
            if (s[0] != next || s[1] <= s[0]) {
                throw new IllegalArgumentException(s[0] < next ? "gradient sums overlap at shard " + s[0]
                        : "gradient sums leave shard " + next + " of " + shards + " out");
            }
            next = s[1];
        }
        if (next != shards) {
            throw new IllegalArgumentException("gradient sums leave shard " + next + " of " + shards + " out");
        }
    }

    /** The root's level: the smallest {@code k} with {@code 2^k >= shards}. */
    static int topLevel(int shards) {
        return 32 - Integer.numberOfLeadingZeros(shards - 1);
    }

    private static long key(int level, int index) {
        return (long) level << 32 | index;
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < levels.length; n++) {
            b.append(n == 0 ? "" : ", ").append("shards ").append(indices[n] << levels[n]).append("..")
                    .append(Math.min((indices[n] + 1) << levels[n], shards) - 1);
        }
        return b.append(" of ").append(shards).toString();
    }

    @Override
    public String toString() {
        return "GradientSums[" + describe() + "]";
    }

    private static final class Node {
        final float[] sum;
        final double loss;
        final double correct;

        Node(float[] sum, double loss, double correct) {
            this.sum = sum;
            this.loss = loss;
            this.correct = correct;
        }
    }
}
