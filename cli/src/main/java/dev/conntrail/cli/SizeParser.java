package dev.conntrail.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Buffer sizes for {@code -B}: a bare number is KiB, as in tcpdump ({@code -B 32768}); {@code k}, {@code m}
 * and {@code g} (optionally followed by {@code b} or {@code ib}) give the unit ({@code 32m}, {@code 32MiB}).
 */
final class SizeParser implements ITypeConverter<Integer> {
    private static final long MAX = Integer.MAX_VALUE;

    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    static int parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
            v = v.substring(0, v.length() - 1);
        }
        long unit = 1024;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a size (KiB, or e.g. 32m, 512k)");
        }
        if (n < 1 || n > MAX / unit) {
            throw new TypeConversionException("'" + value + "' is out of range (1 KiB to 2 GiB)");
        }
        return (int) Math.min(MAX, n * unit);
    }
}
