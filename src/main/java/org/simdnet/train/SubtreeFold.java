package org.simdnet.train;

/**
 * Sums a run of shard gradients that forms one subtree of the pairwise tree over a batch's
 * shards, the one rule both the in-process trainer ({@link ShardRunner}'s blocks) and the
 * distributed workers ({@code org.simdnet.ShardWorker}) follow, so that both give the same bits.
 *
 * <p>A carry stack with one slot per tree level works like a binary counter: shard {@code t}
 * (counted from the subtree's first) is added to its left sibling while it is a right child at
 * level k (bit k of t set), and the sum rests in the first level whose bit is clear. At the end the
 * pending slots are folded from the lowest level up, which is the tree's shape for a subtree cut
 * short by the batch's end. Each slot carries its loss and count of right predictions, summed
 * along the same tree.
 *
 * <p>No buffer is copied: gradients change hands by reference between the caller, the slots and a
 * free list. Used by one thread at a time. Not part of the public API.
 */
public final class SubtreeFold {

    private final int parameters;
    private final float[][] level;
    private final double[] levelLoss;
    private final double[] levelCorrect;
    private final float[][] free;
    private int freeCount;
    private double loss;
    private double correct;

    /**
     * @param levels     the most tree levels a subtree spans ({@code log₂ shards + 1})
     * @param freeSlots  the most buffers the free list holds
     * @param buffers    buffers made now (at most {@code freeSlots}); {@link #take} makes more when it runs out
     * @param parameters the length of a gradient
     */
    public SubtreeFold(int levels, int freeSlots, int buffers, int parameters) {
        this.parameters = parameters;
        this.level = new float[levels][];
        this.levelLoss = new double[levels];
        this.levelCorrect = new double[levels];
        this.free = new float[freeSlots][];
        for (int i = 0; i < buffers; i++) {
            free[i] = new float[parameters];
        }
        this.freeCount = buffers;
    }

    /** A buffer for the next shard's gradient: a free one, or a new one when none is left. */
    public float[] take() {
        return freeCount > 0 ? free[--freeCount] : new float[parameters];
    }

    /** Returns a buffer to the free list. */
    public void give(float[] buffer) {
        free[freeCount++] = buffer;
    }

    /** Any free buffer, without taking it (to size a workspace that writes into them). */
    public float[] peekFree() {
        return free[freeCount - 1];
    }

    /**
     * Adds shard {@code t} of the subtree (0 for its first), whose gradient {@code g} came from
     * {@link #take}, with its loss and count of right predictions.
     */
    public void push(int t, float[] g, double shardLoss, double shardCorrect) {
        int k = 0;
        for (; (t >>> k & 1) != 0; k++) {
            float[] left = level[k];
            add(g, left);
            give(g);
            g = left;
            level[k] = null;
            shardLoss = levelLoss[k] + shardLoss;
            shardCorrect = levelCorrect[k] + shardCorrect;
        }
        level[k] = g;
        levelLoss[k] = shardLoss;
        levelCorrect[k] = shardCorrect;
    }

    /**
     * Folds the pending slots, lowest level first, and returns the subtree's sum: the caller's
     * buffer from now on. Its loss and count of right predictions are then {@link #loss()} and
     * {@link #correct()}.
     */
    public float[] finish() {
        float[] carry = null;
        double sumLoss = 0;
        double sumCorrect = 0;
        for (int k = 0; k < level.length; k++) {
            float[] node = level[k];
            if (node == null) {
                continue;
            }
            level[k] = null;
            if (carry == null) {
                sumLoss = levelLoss[k];
                sumCorrect = levelCorrect[k];
            } else {
                add(carry, node);
                give(carry);
                sumLoss = levelLoss[k] + sumLoss;
                sumCorrect = levelCorrect[k] + sumCorrect;
            }
            carry = node;
        }
        loss = sumLoss;
        correct = sumCorrect;
        return carry;
    }

    /** The loss of the subtree {@link #finish} returned. */
    public double loss() {
        return loss;
    }

    /** The count of right predictions of the subtree {@link #finish} returned. */
    public double correct() {
        return correct;
    }

    /** After a failure: every pending slot's buffer back to the free list, so that the next run starts whole. */
    public void release() {
        for (int k = 0; k < level.length; k++) {
            if (level[k] != null) {
                give(level[k]);
                level[k] = null;
            }
        }
    }

    /**
     * {@code into += g}: one node of the tree. A plain loop, which C2 vectorizes by itself: the
     * same bits whatever compiles it, and fast from the interpreter on (a Vector API kernel here
     * is slow until C2 compiles it, the first hundreds of steps). Float addition commutes, so the
     * order of the operands does not matter.
     */
    public static void add(float[] g, float[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += g[i];
        }
    }
}
