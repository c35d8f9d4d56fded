package dev.tolk.seq2seq.config;

/**
 * A configuration value or file is invalid: the user's fault, so the message says which key, where (file:line:column
 * when known) and what the valid values are.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String location;
    private final String reason;

    /**
     * @param key the dotted key ({@code train.lr}) or section the problem concerns, or {@code null}
     * @param reason what is wrong and what is valid
     */
    public ConfigException(String key, String reason) {
        this(key, null, reason, null);
    }

    ConfigException(String key, String location, String reason, Throwable cause) {
        super(location == null ? reason : location + ": " + reason, cause);
        this.key = key;
        this.location = location;
        this.reason = reason;
    }

    /** @return the dotted key the problem concerns ({@code train.lr}), or {@code null} when not tied to one key */
    public String key() {
        return key;
    }

    /** @return {@code file:line:column} of the offending key when known, otherwise {@code null} */
    public String location() {
        return location;
    }

    /** @return the problem without the location prefix */
    public String reason() {
        return reason;
    }

    /** @return a copy of this exception located at {@code location}, unless it already has a location */
    ConfigException at(String newLocation) {
        if (location != null || newLocation == null) {
            return this;
        }
        return new ConfigException(key, newLocation, reason, getCause());
    }
}
