package dev.tolk.seq2seq.config;

import java.util.Locale;

/** Attention between decoder and encoder states. Written in configuration files in lower case. */
public enum AttentionType {
    BAHDANAU,
    NONE;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
