package dev.tolk.seq2seq.config;

import java.util.Locale;

/**
 * The decoder's recurrence around attention ({@code model.decoder}). Written in configuration files in lower
 * case.
 */
public enum DecoderType {
    /**
     * Attention reads the previous state, then the first cell reads {@code [E[y_{t−1}]; ctx_t]} (Bahdanau et al.
     * 2015); with {@code model.attention=none} the context is fixed (Cho et al. 2014).
     */
    BAHDANAU,
    /**
     * The conditional GRU of Nematus and Marian (Sennrich et al. 2017, §2.2): a first GRU reads {@code E[y_{t−1}]},
     * attention reads its state, a second GRU reads the context. Needs {@code model.attention=bahdanau}.
     */
    CGRU;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
