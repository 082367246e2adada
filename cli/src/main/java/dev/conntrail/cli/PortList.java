package dev.conntrail.cli;

import dev.conntrail.tracker.ServerPorts;
import java.util.BitSet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A port list: {@code 80,443,8000-8099}, {@code default}, or {@code none}. */
final class PortList implements ITypeConverter<BitSet> {
    @Override
    public BitSet convert(String value) {
        String v = value.trim();
        if (v.equals("default")) {
            return ServerPorts.defaults();
        }
        BitSet b = new BitSet(65536);
        if (v.equals("none") || v.isEmpty()) {
            return b;
        }
        for (String part : v.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                if (lo < 0 || hi > 65535 || lo > hi) {
                    throw new NumberFormatException();
                }
                b.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + p + "' is not a port or port range");
            }
        }
        return b;
    }
}
