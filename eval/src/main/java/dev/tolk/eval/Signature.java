package dev.tolk.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A reproducibility signature in sacreBLEU's format: {@code key:value} fields joined by {@code |}, with
 * {@code version} always last, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:tolk-0.1.0}.
 * The short form uses sacreBLEU's abbreviations ({@code #:1|c:mixed|e:no|tok:13a|s:exp|v:tolk-0.1.0}).
 *
 * <p>Tolk's version field is {@value #VERSION_PREFIX} followed by the Tolk release that computed the score
 * ({@link #tolkVersion()}); all other fields have sacreBLEU 2.6.0's meaning. Immutable.
 */
public final class Signature {
    /** Prefix of the version field's value: the score was computed by Tolk, not by sacreBLEU. */
    public static final String VERSION_PREFIX = "tolk-";

    /** One field: its long name, sacreBLEU's abbreviation and its value. */
    public record Field(String name, String abbreviation, String value) {
        /** Validates that no part contains the separators {@code |} or {@code :}. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(abbreviation, "abbreviation");
            Objects.requireNonNull(value, "value");
            for (String s : List.of(name, abbreviation, value)) {
                if (s.indexOf('|') >= 0 || s.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("signature field part '" + s + "' contains '|' or ':'");
                }
            }
        }
    }

    private static final String TOLK_VERSION = readVersion();

    private final List<Field> fields;

    private Signature(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** A signature with {@code fields} in order, followed by {@code version:tolk-<version>}. */
    public static Signature of(List<Field> fields) {
        List<Field> all = new ArrayList<>(fields);
        all.add(new Field("version", "v", VERSION_PREFIX + TOLK_VERSION));
        return new Signature(all);
    }

    /** The Tolk version written by the build into this module (e.g. {@code 0.1.0}). */
    public static String tolkVersion() {
        return TOLK_VERSION;
    }

    /** A copy with {@code field} inserted right after the {@code nrefs} field (as sacreBLEU places bs/seed). */
    public Signature withAfterNrefs(Field field) {
        List<Field> all = new ArrayList<>(fields);
        int at = 0;
        while (at < all.size() && !all.get(at).name().equals("nrefs")) {
            at++;
        }
        all.add(Math.min(at + 1, all.size() - 1), field);
        return new Signature(all);
    }

    /** The fields in order, version last. */
    public List<Field> fields() {
        return fields;
    }

    /** The value of field {@code name}, e.g. {@code get("tok")} is {@code "13a"}; null when absent. */
    public String get(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** The long form, e.g. {@code nrefs:1|case:mixed|...|version:tolk-0.1.0}. */
    public String format() {
        return join(false);
    }

    /** The short form with sacreBLEU's abbreviations, e.g. {@code #:1|c:mixed|...|v:tolk-0.1.0}. */
    public String formatShort() {
        return join(true);
    }

    /** The long form without its version field: comparable across Tolk and sacreBLEU releases. */
    public String formatWithoutVersion() {
        String s = format();
        return s.substring(0, s.lastIndexOf('|'));
    }

    private String join(boolean abbreviated) {
        StringBuilder b = new StringBuilder();
        for (Field f : fields) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(abbreviated ? f.abbreviation() : f.name()).append(':').append(f.value());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    private static String readVersion() {
        try (InputStream in = Signature.class.getResourceAsStream("eval-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").trim();
            return v.isEmpty() || v.contains("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read dev/tolk/eval/eval-version.properties from the tolk-eval jar", e);
        }
    }
}
