package dev.tolk.seq2seq.config;

import dev.tolk.data.Column;
import dev.tolk.data.CorpusFormat;

/**
 * Corpus and vocabulary settings: section {@code data}. Defaults are those of {@link #DEFAULTS}.
 *
 * @param train {@code data.train}: training corpus path; default unset ({@code null}); blank means unset
 * @param valid {@code data.valid}: validation corpus path; default unset ({@code null}); blank means unset
 * @param format {@code data.format}: {@code csv} (RFC 4180, default) or {@code tsv} (tab-separated, no quoting)
 * @param header {@code data.header}: the first row names the columns; default {@code true}
 * @param sourceColumn {@code data.source_column}: source column, a header name or a 0-based index; default
 *     {@code source}
 * @param targetColumn {@code data.target_column}: target column, a header name or a 0-based index; default
 *     {@code target}
 * @param tokenizer {@code data.tokenizer}: {@code word}, {@code bpe} (default) or {@code char}
 * @param bpeVocabSize {@code data.bpe_vocab_size}: BPE vocabulary size (merges plus symbols), [8, 1000000];
 *     default 8000
 * @param sharedVocab {@code data.shared_vocab}: one vocabulary for source and target; default {@code true}
 * @param lowercase {@code data.lowercase}: lower-case all text before tokenizing; default {@code false}
 * @param maxLength {@code data.max_length}: training pairs with more tokens on either side are skipped,
 *     [1, 100000]; default 100
 * @param minFrequency {@code data.min_frequency}: rarer units map to {@code <unk>}, [1, 1000000]; default 1
 * @param maxVocab {@code data.max_vocab}: vocabulary size cap including the 4 special symbols, [5, 10000000];
 *     default 50000
 * @param targetOrder {@code data.target_order}: {@code l2r} (default) or {@code r2l}, which trains a right-to-left
 *     model: every training and validation target's tokens reversed before encoding ({@code </s>} still last),
 *     translations reversed back on output; stored with the model, for rescoring n-best lists
 *     ({@code tolk rescore})
 */
public record DataConfig(
        String train,
        String valid,
        CorpusFormat.Kind format,
        boolean header,
        String sourceColumn,
        String targetColumn,
        TokenizerType tokenizer,
        int bpeVocabSize,
        boolean sharedVocab,
        boolean lowercase,
        int maxLength,
        int minFrequency,
        int maxVocab,
        TargetOrder targetOrder) {

    /** The defaults of every {@code data.*} key: the one place they are defined. */
    public static final DataConfig DEFAULTS = new DataConfig(
            null,
            null,
            CorpusFormat.Kind.CSV,
            true,
            "source",
            "target",
            TokenizerType.BPE,
            8000,
            true,
            false,
            100,
            1,
            50000,
            TargetOrder.L2R);

    /** Validates every value; see the parameter docs for the ranges. */
    public DataConfig {
        train = train == null || train.isBlank() ? null : train;
        valid = valid == null || valid.isBlank() ? null : valid;
        Bounds.notNull("data.format", format);
        Bounds.notNull("data.tokenizer", tokenizer);
        Bounds.notNull("data.target_order", targetOrder);
        checkColumn("data.source_column", sourceColumn, header);
        checkColumn("data.target_column", targetColumn, header);
        if (sourceColumn.trim().equals(targetColumn.trim())) {
            throw new ConfigException(
                    "data.target_column",
                    "'data.source_column' and 'data.target_column' are both '" + sourceColumn
                            + "'; choose two different columns");
        }
        Bounds.intIn("data.bpe_vocab_size", bpeVocabSize, 8, 1_000_000);
        Bounds.intIn("data.max_length", maxLength, 1, 100_000);
        Bounds.intIn("data.min_frequency", minFrequency, 1, 1_000_000);
        Bounds.intIn("data.max_vocab", maxVocab, 5, 10_000_000);
    }

    /** @return how corpus files are read: {@code format}, {@code header}, {@code source_column}, {@code target_column} */
    public CorpusFormat corpusFormat() {
        return CorpusFormat.builder(format)
                .header(header)
                .source(Column.parse(sourceColumn.trim()))
                .target(Column.parse(targetColumn.trim()))
                .build();
    }

    /** @return the 0-based index when {@code column} is a non-negative integer, otherwise -1 (a header name) */
    public static int columnIndex(String column) {
        String c = column.trim();
        if (c.isEmpty() || c.length() > 9 || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return -1;
        }
        return Integer.parseInt(c);
    }

    private static void checkColumn(String key, String column, boolean header) {
        if (column == null || column.isBlank()) {
            throw new ConfigException(key, "'" + key + "' needs a column name or a 0-based index");
        }
        if (columnIndex(column) < 0 && !header) {
            throw new ConfigException(
                    key,
                    "'" + key + "' is the column name '" + column
                            + "' but 'data.header' is false; give a 0-based index or set data.header=true");
        }
    }
}
