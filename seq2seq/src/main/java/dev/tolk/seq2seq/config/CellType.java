package dev.tolk.seq2seq.config;

import java.util.Locale;

/** Recurrent cell of encoder and decoder. Written in configuration files in lower case. */
public enum CellType {
    GRU,
    LSTM,
    RNN;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
