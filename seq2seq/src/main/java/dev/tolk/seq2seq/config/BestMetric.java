package dev.tolk.seq2seq.config;

import java.util.Locale;

/** Validation metric that selects the best model and drives early stopping and learning-rate decay. Written in configuration files in lower case. */
public enum BestMetric {
    BLEU,
    PPL;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
