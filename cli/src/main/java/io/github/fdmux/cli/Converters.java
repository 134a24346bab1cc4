package io.github.fdmux.cli;

import io.github.fdmux.Backend;
import io.github.fdmux.Mode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line value converters whose error messages list the valid values. */
final class Converters {
    private Converters() {
    }

    /** {@code epoll}, {@code kqueue}, {@code poll}, {@code nio}; {@code auto} is null (the automatic choice). */
    static final class BackendConverter implements ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            if (value.trim().equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                return Backend.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + ", auto");
            }
        }
    }

    /** {@code level}, {@code edge}, {@code oneshot}, {@code edge-oneshot}. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1.5} (seconds), {@code 0} (never). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 250ms, 30s, 2m or 0");
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis;
            switch (unit) {
                case "ms": millis = amount; break;
                case "m": millis = amount * 60_000; break;
                case "h": millis = amount * 3_600_000; break;
                default: millis = amount * 1_000; break;
            }
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }
}
