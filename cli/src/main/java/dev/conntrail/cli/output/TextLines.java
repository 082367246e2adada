package dev.conntrail.cli.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Lines of text on a stream, for the printers that write text (conntrail's own and Zeek's TSV): UTF-8,
 * buffered, written out after each line when line-buffered. A failed write is {@link OutputGone}.
 */
final class TextLines {
    private final Writer out;
    private final boolean lineBuffered;

    TextLines(OutputStream out, boolean lineBuffered) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.lineBuffered = lineBuffered;
    }

    /** Writes {@code text}, which ends with a newline. */
    void write(CharSequence text) {
        try {
            out.append(text);
            if (lineBuffered) {
                out.flush();
            }
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }
}
