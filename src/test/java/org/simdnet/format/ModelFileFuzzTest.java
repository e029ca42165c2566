package org.simdnet.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.simdnet.nn.Mlp;

/**
 * Coverage-guided fuzzing of the model reader with Jazzer (see {@code docs/fuzzing.md}).
 *
 * <p>Property, for any input: {@link ModelFile#fromBytes} and {@link ModelFile#read(InputStream)}
 * either load a model or throw {@link ModelFormatException}; nothing else escapes (an unchecked
 * exception, an {@code OutOfMemoryError}, a {@code StackOverflowError} is a finding). A loaded model
 * round-trips ({@code toBytes → fromBytes → toBytes} gives the same bytes); an accepted version-2
 * input is byte for byte what the writer makes of the model it loads (the encoding is canonical);
 * the two read paths agree; and reading allocates in proportion to the input, never to a size the
 * header declares. Each input is checked as it is and once more with its checksum repaired, so that
 * mutations get past the CRC.
 *
 * <p>In a plain {@code mvn verify} this runs the committed corpus under
 * {@code src/test/resources/org/simdnet/format/ModelFileFuzzTestInputs/readerLoadsOrRejectsCleanly/}
 * as regression inputs (Jazzer's regression mode). With {@code JAZZER_FUZZ=1} it fuzzes.
 */
class ModelFileFuzzTest {

    /** Bytes a read may allocate beyond {@link #ALLOCATION_PER_INPUT_BYTE} per input byte. */
    private static final long ALLOCATION_SLACK = 4L << 20;
    private static final long ALLOCATION_PER_INPUT_BYTE = 32;

    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

    static {
        // First use initialises the layer registry and the kernels: keep that out of the budget.
        try {
            ModelFile.fromBytes(ModelFile.toBytes(Mlp.initialise(new int[] {2, 3, 2},
                    new org.simdnet.layer.ReLU(), 1)));
        } catch (ModelFormatException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readerLoadsOrRejectsCleanly(byte[] data) throws IOException {
        if (data == null) {
            return;
        }
        check(data);
        // The same input with its last four bytes made the CRC-32 of the rest: a mutated header,
        // metadata or parameter then gets past the checksum to the checks after it and, when it
        // is otherwise valid, to the round-trip and canonical-encoding checks.
        if (data.length > 12) {
            byte[] repaired = data.clone();
            CRC32 crc = new CRC32();
            crc.update(repaired, 0, repaired.length - 4);
            ByteBuffer.wrap(repaired).order(ByteOrder.LITTLE_ENDIAN).putInt(repaired.length - 4, (int) crc.getValue());
            check(repaired);
        }
    }

    private static void check(byte[] data) throws IOException {
        long before = allocated();
        Mlp fromBytes = loadOrNull(() -> ModelFile.fromBytes(data));
        long used = allocated() - before;
        long budget = ALLOCATION_SLACK + ALLOCATION_PER_INPUT_BYTE * data.length;
        if (before >= 0 && used > budget) {
            fail("reading " + data.length + " bytes allocated " + used + " bytes (budget " + budget
                    + "): the reader allocates from a declared size");
        }

        ByteArrayInputStream stream = new ByteArrayInputStream(data);
        Mlp fromStream = loadOrNull(() -> ModelFile.read(stream));
        int consumed = data.length - stream.available();

        if (fromBytes != null) {
            byte[] written = assertRoundTrips(fromBytes);
            if (version(data) == ModelFile.FORMAT_VERSION) {
                assertArrayEquals(data, written, "an accepted version-2 file is what the writer writes");
            }
            assertNotNull(fromStream, "the stream reader rejects what the byte reader accepts");
            assertEquals(data.length, consumed, "the stream reader stops inside an accepted file");
            assertArrayEquals(written, ModelFile.toBytes(fromStream), "the two readers load different models");
        }
        if (fromStream != null) {
            byte[] written = assertRoundTrips(fromStream);
            if (version(data) == ModelFile.FORMAT_VERSION) {
                assertArrayEquals(Arrays.copyOf(data, consumed), written,
                        "the stream reader accepts a non-canonical version-2 model");
            }
            if (consumed == data.length) {
                assertNotNull(fromBytes, "the byte reader rejects a whole model the stream reader accepts");
            }
        }
    }

    /** The model's bytes, after checking they load back into a model that writes the same bytes. */
    private static byte[] assertRoundTrips(Mlp model) throws ModelFormatException {
        byte[] written = ModelFile.toBytes(model);
        byte[] again = ModelFile.toBytes(ModelFile.fromBytes(written));
        assertArrayEquals(written, again, "a loaded model does not round-trip");
        return written;
    }

    private interface Load {
        Mlp load() throws IOException;
    }

    /** The model, or null when the reader rejected the input with a {@link ModelFormatException}. */
    private static Mlp loadOrNull(Load load) throws IOException {
        try {
            Mlp model = load.load();
            assertNotNull(model, "a reader returned null");
            return model;
        } catch (ModelFormatException rejected) {
            String message = rejected.getMessage();
            assertTrue(message != null && !message.isEmpty() && message.chars().noneMatch(
                    c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029'),
                    "a rejection is one line: " + message);
            return null;
        }
    }

    /** The version field of an input that starts with the magic, else -1. */
    private static int version(byte[] data) {
        return data.length < 12 ? -1 : ByteBuffer.wrap(data, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** Bytes this thread has allocated so far, or -1 where the JVM does not count them. */
    private static long allocated() {
        return THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        try {
            com.sun.management.ThreadMXBean bean =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            if (bean.isThreadAllocatedMemorySupported()) {
                bean.setThreadAllocatedMemoryEnabled(true);
                return bean;
            }
        } catch (ClassCastException | UnsupportedOperationException | NoClassDefFoundError e) {
            // not a HotSpot-like JVM: the allocation bound is not checked
        }
        return null;
    }
}
