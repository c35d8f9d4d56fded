package dev.tolk.seq2seq.config;

import java.util.Locale;

/** How sentences are split into vocabulary units. Written in configuration files in lower case. */
public enum TokenizerType {
    WORD,
    BPE,
    CHAR;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
