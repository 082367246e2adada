package dev.conntrail.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON object per line on a stream, for both JSON printers: the generator (which never closes the
 * stream), the newline after each object, and writing out after each line when line-buffered. A failed
 * write is {@link OutputGone}.
 */
final class JsonLines {
    final JsonGenerator json;
    private final boolean lineBuffered;

    JsonLines(OutputStream out, boolean lineBuffered) {
        this.lineBuffered = lineBuffered;
        try {
            this.json = JsonFactory.builder().build().createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null); // lines are separated by the newline endLine writes
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    /** Ends the object just written with a newline. */
    void endLine() throws IOException {
        json.writeRaw('\n');
        if (lineBuffered) {
            json.flush();
        }
    }

    void flush() {
        try {
            json.flush();
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }
}
