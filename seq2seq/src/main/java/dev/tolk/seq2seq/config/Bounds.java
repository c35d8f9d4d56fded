package dev.tolk.seq2seq.config;

/** Range checks for configuration values; every failure names the key, the valid range and the value given. */
final class Bounds {
    private Bounds() {}

    static int intIn(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "'" + key + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static long longIn(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "'" + key + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** Closed interval {@code [min, max]}; rejects NaN. */
    static double closed(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key, "'" + key + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    /** Half-open interval {@code [min, max)}; rejects NaN. */
    static double closedOpen(String key, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw new ConfigException(key, "'" + key + "' must be in [" + min + ", " + max + "), got " + value);
        }
        return value;
    }

    /** Half-open interval {@code (min, max]}; rejects NaN. */
    static double openClosed(String key, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw new ConfigException(key, "'" + key + "' must be in (" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new ConfigException(key, "'" + key + "' needs a value");
        }
        return value;
    }
}
