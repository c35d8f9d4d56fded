package dev.tolk.seq2seq.config;

import java.util.Locale;

/** What translation does with an input longer than the token limit. Written in configuration files in lower case. */
public enum OverlongPolicy {
    CHUNK,
    TRUNCATE;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
