package dev.tolk.seq2seq.config;

import java.nio.file.Path;
import java.util.Locale;

/** Syntax of a configuration file. */
public enum ConfigSyntax {
    YAML,
    JSON;

    /** @return {@link #JSON} for a {@code .json} file name, otherwise {@link #YAML} */
    public static ConfigSyntax of(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }
}
