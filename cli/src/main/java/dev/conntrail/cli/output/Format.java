package dev.conntrail.cli.output;

import java.util.Locale;

/** Output formats, as named on the command line. */
public enum Format {
    /** One aligned line per event, for people. */
    TEXT("text"),
    /** JSON Lines: one object per event, Zeek's field names where Zeek has the field. */
    JSON("json"),
    /** A Zeek conn.log (TSV with #fields header), one row per connection when it is removed. */
    ZEEK("zeek"),
    /** The same rows as JSON lines, as Zeek's JSON logs write them. */
    ZEEK_JSON("zeek-json");

    private final String name;

    Format(String name) {
        this.name = name;
    }

    public static Format parse(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Format f : values()) {
            if (f.name.equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "' (expected text, json, zeek or zeek-json)");
    }

    /** Whether the format writes a connection once, when it leaves the table (as Zeek does). */
    public boolean zeekRows() {
        return this == ZEEK || this == ZEEK_JSON;
    }

    @Override
    public String toString() {
        return name;
    }
}
