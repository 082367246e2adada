package dev.conntrail.cli.output;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A conn.log in Zeek's ASCII format: the {@code #separator ... #types} header, one TSV row per connection
 * when it leaves the table (only {@code closed} events make rows), and {@code #close} at the end. Zeek's
 * own tools ({@code zeek-cut}) read it.
 */
public final class ZeekLogPrinter implements EventPrinter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);

    private final Writer out;
    private final boolean lineBuffered;
    private final LocalNets local;
    private final StringBuilder line = new StringBuilder(256);
    private final Instant opened;
    private boolean headerWritten;

    public ZeekLogPrinter(OutputStream out, boolean lineBuffered, LocalNets local, Instant opened) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.lineBuffered = lineBuffered;
        this.local = local;
        this.opened = opened;
    }

    private void header() throws IOException {
        headerWritten = true;
        out.write("#separator \\x09\n");
        out.write("#set_separator\t,\n");
        out.write("#empty_field\t(empty)\n");
        out.write("#unset_field\t-\n");
        out.write("#path\tconn\n");
        out.write("#open\t" + STAMP.format(opened) + "\n");
        out.write("#fields\t" + String.join("\t", ZeekConnRow.FIELDS) + "\n");
        out.write("#types\t" + String.join("\t", ZeekConnRow.TYPES) + "\n");
    }

    @Override
    public void accept(ConnectionEvent e) {
        if (!(e instanceof Closed)) {
            return;
        }
        String[] cells = ZeekConnRow.cells(e.connection(), local);
        line.setLength(0);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            line.append(cells[i] == null ? "-" : cells[i]);
        }
        line.append('\n');
        try {
            if (!headerWritten) {
                header();
            }
            out.append(line);
            if (lineBuffered) {
                out.flush();
            }
        } catch (IOException x) {
            throw new OutputGone(x);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputGone(e);
        }
    }

    @Override
    public void finish() {
        try {
            if (!headerWritten) {
                header();
            }
            out.write("#close\t" + STAMP.format(Instant.now()) + "\n");
        } catch (IOException e) {
            throw new OutputGone(e);
        }
        flush();
    }
}
