package dev.conntrail.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.conntrail.tracker.event.Closed;
import dev.conntrail.tracker.event.ConnectionEvent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Zeek's JSON log format for conn.log: one object per connection when it leaves the table, the same
 * columns as {@link ZeekLogPrinter}, unset fields left out as Zeek does, numbers as numbers.
 */
public final class ZeekJsonPrinter implements EventPrinter {
    private static final boolean[] NUMERIC = new boolean[ZeekConnRow.FIELDS.length];
    private static final boolean[] BOOL = new boolean[ZeekConnRow.FIELDS.length];

    static {
        for (int i = 0; i < ZeekConnRow.TYPES.length; i++) {
            String t = ZeekConnRow.TYPES[i];
            NUMERIC[i] = t.equals("time") || t.equals("port") || t.equals("interval") || t.equals("count");
            BOOL[i] = t.equals("bool");
        }
    }

    private final JsonLines lines;
    private final JsonGenerator json;
    private final LocalNets local;

    public ZeekJsonPrinter(OutputStream out, boolean lineBuffered, LocalNets local) {
        this.lines = new JsonLines(out, lineBuffered);
        this.json = lines.json;
        this.local = local;
    }

    @Override
    public void accept(ConnectionEvent e) {
        if (!(e instanceof Closed)) {
            return;
        }
        String[] cells = ZeekConnRow.cells(e.connection(), local);
        try {
            json.writeStartObject();
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == null) {
                    continue;
                }
                json.writeFieldName(ZeekConnRow.FIELDS[i]);
                if (NUMERIC[i]) {
                    json.writeNumber(cells[i]);
                } else if (BOOL[i]) {
                    json.writeBoolean(cells[i].equals("T"));
                } else {
                    json.writeString(cells[i]);
                }
            }
            json.writeEndObject();
            lines.endLine();
        } catch (IOException x) {
            throw new OutputGone(x);
        }
    }

    @Override
    public void flush() {
        lines.flush();
    }

    @Override
    public void finish() {
        flush();
    }
}
