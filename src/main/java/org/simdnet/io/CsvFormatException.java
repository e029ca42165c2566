package org.simdnet.io;

import java.io.IOException;

/** A points file that is not valid CSV of "x,y" lines; the message names the file and line. */
public class CsvFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public CsvFormatException(String message) {
        super(message);
    }
}
