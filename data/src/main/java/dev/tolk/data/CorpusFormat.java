package dev.tolk.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;

/**
 * How a parallel corpus file is laid out: CSV or TSV, quoting, a header row, which columns hold the source and
 * the target, the encoding (always decoded strictly) and whether a leading byte order mark is accepted.
 * Immutable; build with {@link #csv()}, {@link #tsv()} or {@link #builder(Kind)}.
 *
 * <p>Defaults: a header row with columns named {@code source} and {@code target}; UTF-8; an optional UTF-8
 * BOM is skipped; CSV quoting per RFC 4180 (fields may contain delimiters, doubled quotes and line breaks);
 * TSV without quoting (a {@code "} is an ordinary character, as in most TSV files), unless
 * {@link Builder#quoting(boolean)} turns it on. Without a header the columns default to the first two.
 */
public final class CorpusFormat {

    /** The field delimiter. */
    public enum Kind {
        /** Comma-separated values (RFC 4180). */
        CSV(','),
        /** Tab-separated values. */
        TSV('\t');

        private final char delimiter;

        Kind(char delimiter) {
            this.delimiter = delimiter;
        }

        /** The delimiter character. */
        public char delimiter() {
            return delimiter;
        }
    }

    private final Kind kind;
    private final boolean header;
    private final Column source;
    private final Column target;
    private final boolean quoting;
    private final boolean allowBom;
    private final Charset charset;

    private CorpusFormat(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.header = b.header;
        this.source = b.source != null ? b.source : (b.header ? Column.named("source") : Column.at(0));
        this.target = b.target != null ? b.target : (b.header ? Column.named("target") : Column.at(1));
        this.quoting = b.quoting != null ? b.quoting : kind == Kind.CSV;
        this.allowBom = b.allowBom;
        this.charset = Objects.requireNonNull(b.charset, "charset");
        if (!header && (source.isNamed() || target.isNamed())) {
            Column named = source.isNamed() ? source : target;
            throw new IllegalArgumentException("column " + named + " is chosen by name but the format has no header"
                    + " row; choose the column by number or declare the header");
        }
        if (source.equals(target)) {
            throw new IllegalArgumentException("source and target are the same column (" + source + ")");
        }
    }

    /** CSV with a header row and columns {@code source}, {@code target}. */
    public static CorpusFormat csv() {
        return builder(Kind.CSV).build();
    }

    /** TSV with a header row and columns {@code source}, {@code target}. */
    public static CorpusFormat tsv() {
        return builder(Kind.TSV).build();
    }

    /** The kind a file name suggests: {@code .tsv}, {@code .tab} and {@code .txt} are TSV, anything else CSV. */
    public static Kind kindOf(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".tsv") || s.endsWith(".tab") || s.endsWith(".txt") ? Kind.TSV : Kind.CSV;
    }

    /** A builder with the defaults for {@code kind}. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** A builder starting from this format. */
    public Builder toBuilder() {
        Builder b = new Builder(kind);
        b.header = header;
        b.source = source;
        b.target = target;
        b.quoting = quoting;
        b.allowBom = allowBom;
        b.charset = charset;
        return b;
    }

    /** CSV or TSV. */
    public Kind kind() {
        return kind;
    }

    /** Whether the first record is a header row. */
    public boolean header() {
        return header;
    }

    /** The source column. */
    public Column source() {
        return source;
    }

    /** The target column. */
    public Column target() {
        return target;
    }

    /** Whether {@code "} quotes fields. */
    public boolean quoting() {
        return quoting;
    }

    /** Whether a leading byte order mark is skipped (true) or an error (false). */
    public boolean allowBom() {
        return allowBom;
    }

    /** The encoding; malformed input is always an error, never replaced. */
    public Charset charset() {
        return charset;
    }

    /** The commons-csv format used for both reading and writing. */
    CSVFormat csvFormat() {
        return CSVFormat.Builder.create()
                .setDelimiter(kind.delimiter())
                .setQuote(quoting ? Character.valueOf('"') : null)
                .setEscape((Character) null)
                .setCommentMarker((Character) null)
                .setRecordSeparator("\n")
                .setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .setNullString(null)
                .get();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CorpusFormat f
                && kind == f.kind
                && header == f.header
                && source.equals(f.source)
                && target.equals(f.target)
                && quoting == f.quoting
                && allowBom == f.allowBom
                && charset.equals(f.charset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, header, source, target, quoting, allowBom, charset);
    }

    @Override
    public String toString() {
        return kind + (header ? " with header" : " without header") + ", source " + source + ", target " + target
                + (quoting ? ", quoted" : ", unquoted") + ", " + charset.name();
    }

    /** Builder of {@link CorpusFormat}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final Kind kind;
        private boolean header = true;
        private Column source;
        private Column target;
        private Boolean quoting;
        private boolean allowBom = true;
        private Charset charset = StandardCharsets.UTF_8;

        private Builder(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /** Whether the first record is a header row (default true). */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The source column (default {@code source} with a header, else the first column). */
        public Builder source(Column source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The target column (default {@code target} with a header, else the second column). */
        public Builder target(Column target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** Whether {@code "} quotes fields (default: true for CSV, false for TSV). */
        public Builder quoting(boolean quoting) {
            this.quoting = quoting;
            return this;
        }

        /** Whether a leading byte order mark is skipped (default) or rejected. */
        public Builder allowBom(boolean allowBom) {
            this.allowBom = allowBom;
            return this;
        }

        /** The encoding (default UTF-8). Decoding is strict whatever the charset. */
        public Builder charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        /** The format; throws {@link IllegalArgumentException} when the choices contradict each other. */
        public CorpusFormat build() {
            return new CorpusFormat(this);
        }
    }
}
