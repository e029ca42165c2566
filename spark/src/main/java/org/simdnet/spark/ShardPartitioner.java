package org.simdnet.spark;

import org.apache.spark.Partitioner;

/**
 * Places the rows of an epoch by their position in the epoch's order: every batch's shards are
 * cut into as many runs of consecutive shards as there are partitions, run {@code j} to partition
 * {@code j}. A shard never spans two partitions, so each partition can sum its shards' gradients
 * into whole subtrees of the batch's reduction tree, and every partition works on every step.
 */
final class ShardPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final int rows;
    private final int batchRows;
    private final int shardRows;

    ShardPartitioner(int partitions, int rows, int batchRows, int shardRows) {
        this.partitions = partitions;
        this.rows = rows;
        this.batchRows = batchRows;
        this.shardRows = shardRows;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        int position = (Integer) key;
        int batch = position / batchRows;
        int start = batch * batchRows;
        int shards = (Math.min(batchRows, rows - start) - 1) / shardRows + 1;
        int shard = (position - start) / shardRows;
        return (int) ((long) shard * partitions / shards);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ShardPartitioner)) {
            return false;
        }
        ShardPartitioner p = (ShardPartitioner) o;
        return p.partitions == partitions && p.rows == rows && p.batchRows == batchRows && p.shardRows == shardRows;
    }

    @Override
    public int hashCode() {
        return ((partitions * 31 + rows) * 31 + batchRows) * 31 + shardRows;
    }
}
