package dev.conntrail.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds. */
final class DurationParser implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("us")) {
                return Duration.ofNanos(Long.parseLong(v.substring(0, v.length() - 2)) * 1000);
            }
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            double n = Double.parseDouble(number);
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) {
                throw new TypeConversionException("'" + value + "' is not a duration");
            }
            double seconds;
            switch (unit) {
                case 'm':
                    seconds = n * 60;
                    break;
                case 'h':
                    seconds = n * 3600;
                    break;
                case 'd':
                    seconds = n * 86400;
                    break;
                case 's':
                default:
                    if (!Character.isDigit(unit) && unit != 's') {
                        throw new TypeConversionException("'" + value + "' is not a duration (use ms, s, m, h or d)");
                    }
                    seconds = n;
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 5m, 500ms)");
        }
    }
}
