package org.simdnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.simdnet.io.CsvFormatException;

/**
 * Coverage-guided fuzzing of the CSV reader with Jazzer (docs/fuzzing.md). For any text and
 * options, {@link Table#readCsv(java.io.Reader, String, CsvOptions)} returns a table or throws
 * {@link CsvFormatException} with a message that names the source: nothing else escapes. A table
 * it returns is whole: finite features, labels in range, as many rows as labels. Plain builds
 * replay the committed corpus ({@code TableCsvFuzzTestInputs/readerReadsOrRejectsCleanly/}).
 */
class TableCsvFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void readerReadsOrRejectsCleanly(FuzzedDataProvider data) {
        boolean header = data.consumeBoolean();
        boolean regression = data.consumeBoolean();
        boolean drop = data.consumeBoolean();
        char delimiter = data.pickValue(new Character[] {',', ';', '\t'});
        int labelIndex = data.consumeInt(0, 4);
        String text = data.consumeRemainingAsString();
        CsvOptions options = (header ? CsvOptions.label("label") : CsvOptions.labelColumn(labelIndex).withHeader(false))
                .withTask(regression ? CsvOptions.Task.REGRESSION : CsvOptions.Task.CLASSIFICATION)
                .withDropInvalidRows(drop)
                .withDelimiter(delimiter)
                .withMaxLineChars(4096);
        Table table;
        try {
            table = Table.readCsv(new StringReader(text), "fuzz.csv", options);
        } catch (CsvFormatException e) {
            assertTrue(e.getMessage().startsWith("fuzz.csv: "), e.getMessage());
            return;
        } catch (IOException e) {
            fail("a StringReader cannot fail: " + e);
            return;
        }
        assertEquals((long) table.rows() * table.features(), table.x().length);
        for (float v : table.x()) {
            assertTrue(Float.isFinite(v), "a feature " + v);
        }
        if (table.classification()) {
            for (int label : table.labels()) {
                assertTrue(label >= 0 && label < table.classes(), "label " + label);
            }
        } else {
            for (float t : table.targets()) {
                assertTrue(Float.isFinite(t), "a target " + t);
            }
        }
    }
}
