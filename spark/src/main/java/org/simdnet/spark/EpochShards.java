package org.simdnet.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.broadcast.Broadcast;
import org.simdnet.GradientSums;
import org.simdnet.Model;
import org.simdnet.ShardWorker;
import scala.Tuple2;

/**
 * One partition's rows for one epoch, in the epoch's order: for every batch, a run of consecutive
 * shards ({@link ShardPartitioner}). Cached on the executor for the epoch's steps, with the
 * {@link ShardWorker} that computes them (one task per partition and step, so one thread at a
 * time).
 */
final class EpochShards implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] positions;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private transient ShardWorker worker;

    private EpochShards(int[] positions, float[] x, int[] labels, float[] targets) {
        this.positions = positions;
        this.x = x;
        this.labels = labels;
        this.targets = targets;
    }

    /** The partition's rows, sorted by position, gathered into arrays. */
    static EpochShards of(Iterator<Tuple2<Integer, Example>> sorted, int inputs, int outputs, boolean classes) {
        List<Tuple2<Integer, Example>> rows = new java.util.ArrayList<>();
        sorted.forEachRemaining(rows::add);
        int n = rows.size();
        int[] positions = new int[n];
        float[] x = new float[n * inputs];
        int[] labels = classes ? new int[n] : null;
        float[] targets = classes ? null : new float[n * outputs];
        for (int i = 0; i < n; i++) {
            Example e = rows.get(i)._2();
            positions[i] = rows.get(i)._1();
            System.arraycopy(e.x, 0, x, i * inputs, inputs);
            if (classes) {
                labels[i] = e.label;
            } else {
                System.arraycopy(e.targets, 0, targets, i * outputs, outputs);
            }
        }
        return new EpochShards(positions, x, labels, targets);
    }

    int rows() {
        return positions.length;
    }

    /**
     * The sums of this partition's shards of the batch whose rows are at positions
     * {@code start .. start+batchRows−1}, or null when it holds none of them.
     */
    GradientSums sum(int start, int batchRows, int shardRows, float[] parameters, Broadcast<byte[]> model) {
        int lo = firstAtLeast(start);
        int hi = firstAtLeast(start + batchRows);
        if (lo == hi) {
            return null;
        }
        int fromShard = (positions[lo] - start) / shardRows;
        int toShard = (positions[hi - 1] - start) / shardRows + 1;
        int expected = Math.min(toShard * shardRows, batchRows) - fromShard * shardRows;
        if (positions[lo] != start + fromShard * shardRows || hi - lo != expected) {
            throw new IllegalStateException("this partition holds " + (hi - lo) + " rows of shards " + fromShard + ".."
                    + (toShard - 1) + " of the batch at position " + start + ", not whole shards");
        }
        if (worker == null) {
            try {
                worker = new ShardWorker(Model.fromBytes(model.value()), shardRows);
            } catch (IOException e) {
                throw new UncheckedIOException("the model to train cannot be read: " + e.getMessage(), e);
            }
        }
        worker.setParameters(parameters);
        return worker.sumShards(x, labels, targets, lo, fromShard, toShard, batchRows);
    }

    private int firstAtLeast(int position) {
        int i = Arrays.binarySearch(positions, position);
        return i >= 0 ? i : -i - 1;
    }
}
