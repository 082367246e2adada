package dev.conntrail.cli.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** One line of conntrail's JSON output, flattened to its top-level fields (arrays are skipped). */
final class JsonEvent {
    private static final JsonFactory JSON = new JsonFactory();

    final Map<String, String> fields = new HashMap<>();
    final long arrivedNanos;

    private JsonEvent(long arrivedNanos) {
        this.arrivedNanos = arrivedNanos;
    }

    static JsonEvent parse(Lines.Line line) {
        JsonEvent e = new JsonEvent(line.arrivedNanos());
        try (JsonParser p = JSON.createParser(line.text())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + line.text());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    e.fields.put(name, p.getText());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return e;
    }

    String get(String name) {
        return fields.get(name);
    }

    long number(String name) {
        return Long.parseLong(fields.get(name));
    }

    /** The 4-tuple, originator first, with addresses in one canonical form. */
    String tuple() {
        return TrafficRecord.tuple(get("id.orig_h"), get("id.orig_p"), get("id.resp_h"), get("id.resp_p"));
    }

    static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
