package dev.tolk.seq2seq.config;

import java.util.Locale;

/**
 * The order in which a model reads and writes target tokens ({@code data.target_order}). A right-to-left model
 * (Liu et al. 2016, "Agreement on Target-bidirectional Neural Machine Translation"; Sennrich et al. 2016, WMT16) is
 * trained on the target tokens reversed, emits its translations last token first, and is turned around on output;
 * its main use is rescoring the n-best lists of a left-to-right model. Written in configuration files in lower case.
 */
public enum TargetOrder {
    /** Left to right: the usual order. */
    L2R,
    /** Right to left: target tokens reversed before encoding, outputs reversed back. */
    R2L;

    /** @return the configuration spelling: the name in lower case */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
