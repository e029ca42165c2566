package org.simdnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Row i is (i, 10·i + 0.5), label i % 3: every row can be traced back to its index. */
    private static Dataset numbered(int m) {
        float[] x = new float[2 * m];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i + 0.5f;
            labels[i] = i % 3;
        }
        return new Dataset(x, labels, 2, 3);
    }

    @Test
    void accessorsReportShapeAndValues() {
        Dataset d = numbered(5);
        assertEquals(5, d.size());
        assertEquals(2, d.features());
        assertEquals(3, d.classes());
        assertEquals(3f, d.x(3, 0));
        assertEquals(30.5f, d.x(3, 1));
        assertEquals(0, d.label(3));
        assertArrayEquals(new int[] {2, 2, 1}, d.classCounts());
        assertEquals("Dataset[5 × 2, 3 classes]", d.toString());
    }

    @Test
    void constructorCopiesItsArrays() {
        float[] x = {1, 2};
        int[] labels = {0};
        Dataset d = new Dataset(x, labels, 2, 1);
        x[0] = 99;
        labels[0] = 7;
        assertEquals(1f, d.x(0, 0));
        assertEquals(0, d.label(0));
    }

    @Test
    void shapeMismatchesAreRejectedWithTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[5], new int[3], 2, 2));
        assertTrue(e.getMessage().contains("x has 5 values but 3 labels × 2 features need 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[4], new int[] {0, 2}, 2, 2));
        assertTrue(e.getMessage().contains("label 1 is 2 but must be in [0, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[] {0, Float.NaN}, new int[] {0}, 2, 2));
        assertTrue(e.getMessage().contains("x[0][1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(null, new int[0], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[0], null, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[0], new int[0], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[0], new int[0], 2, 0));
        Dataset d = numbered(4);
        assertThrows(IllegalArgumentException.class, () -> d.x(4, 0));
        assertThrows(IllegalArgumentException.class, () -> d.x(0, 2));
        assertThrows(IllegalArgumentException.class, () -> d.label(-1));
        assertThrows(IllegalArgumentException.class, () -> d.rows(new int[] {0, 4}));
    }

    @Test
    void rowsPicksTheGivenRowsInOrder() {
        Dataset sub = numbered(6).rows(new int[] {5, 1, 1});
        assertArrayEquals(new float[] {5, 50.5f, 1, 10.5f, 1, 10.5f}, sub.x());
        assertArrayEquals(new int[] {2, 1, 1}, sub.labels());
        assertEquals(3, sub.classes());
    }

    @Test
    void splitIsADeterministicPartition() {
        Dataset d = numbered(100);
        Dataset.Split s = d.split(0.2, 7);
        assertEquals(80, s.train().size());
        assertEquals(20, s.validation().size());
        // Every original row lands in exactly one part, unchanged (x and label travel together).
        boolean[] seen = new boolean[100];
        for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
            int previous = -1;
            for (int r = 0; r < part.size(); r++) {
                int original = (int) part.x(r, 0);
                assertEquals(10 * original + 0.5f, part.x(r, 1));
                assertEquals(original % 3, part.label(r));
                assertTrue(original > previous, "parts keep the original order");
                previous = original;
                assertTrue(!seen[original], "row " + original + " in both parts");
                seen[original] = true;
            }
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        Dataset.Split again = d.split(0.2, 7);
        assertEquals(s.train(), again.train());
        assertEquals(s.validation(), again.validation());
        assertNotEquals(s.validation(), d.split(0.2, 8).validation(), "another seed, another split");
        // Shuffled, not simply the last rows.
        assertNotEquals(d.rows(new int[] {80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94,
                95, 96, 97, 98, 99}), s.validation());
    }

    @Test
    void splitEdgeCases() {
        Dataset d = numbered(10);
        Dataset.Split none = d.split(0, 1);
        assertEquals(10, none.train().size());
        assertEquals(0, none.validation().size());
        assertEquals(d, none.train());
        assertEquals(3, d.split(0.25, 1).validation().size(), "round(2.5) = 3");
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.split(0.96, 1));
        assertTrue(e.getMessage().contains("leaves no training samples"), e.getMessage());
    }
}
