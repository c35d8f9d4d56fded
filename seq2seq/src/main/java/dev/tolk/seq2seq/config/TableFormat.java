package dev.tolk.seq2seq.config;

import java.util.Locale;

/**
 * Delimited text format of a parallel corpus or translation input: RFC 4180 CSV, or TSV (tab-separated, no
 * quoting). Written in configuration files in lower case.
 */
public enum TableFormat {
    CSV,
    TSV;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
