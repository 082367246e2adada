package dev.conntrail.cli.output;

import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import java.io.OutputStream;
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

    private final TextLines out;
    private final LocalNets local;
    private final StringBuilder line = new StringBuilder(256);
    private final Instant opened;
    private boolean headerWritten;

    public ZeekLogPrinter(OutputStream out, boolean lineBuffered, LocalNets local, Instant opened) {
        this.out = new TextLines(out, lineBuffered);
        this.local = local;
        this.opened = opened;
    }

    private void header() {
        headerWritten = true;
        out.write("#separator \\x09\n"
                + "#set_separator\t,\n"
                + "#empty_field\t(empty)\n"
                + "#unset_field\t-\n"
                + "#path\tconn\n"
                + "#open\t" + STAMP.format(opened) + "\n"
                + "#fields\t" + String.join("\t", ZeekConnRow.FIELDS) + "\n"
                + "#types\t" + String.join("\t", ZeekConnRow.TYPES) + "\n");
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
        if (!headerWritten) {
            header();
        }
        out.write(line);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void finish() {
        if (!headerWritten) {
            header();
        }
        out.write("#close\t" + STAMP.format(Instant.now()) + "\n");
        flush();
    }
}
