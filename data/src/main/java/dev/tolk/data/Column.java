package dev.tolk.data;

import java.util.Objects;

/**
 * A column of a corpus file, chosen by header name or by 0-based index. Exactly one of {@link #name()} and
 * {@link #index()} is set: a named column has index -1, an indexed column has a null name.
 *
 * @param name the header name, or null
 * @param index the 0-based index, or -1
 */
public record Column(String name, int index) {

    /** Validates that exactly one of name and index is given. */
    public Column {
        if (name == null && index < 0) {
            throw new IllegalArgumentException("a column needs a name or an index >= 0, got index " + index);
        }
        if (name != null && index != -1) {
            throw new IllegalArgumentException("a column has a name or an index, not both: '" + name + "', " + index);
        }
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("a column name must not be empty");
        }
    }

    /** The column whose header is {@code name}. */
    public static Column named(String name) {
        return new Column(Objects.requireNonNull(name, "name"), -1);
    }

    /** The column at 0-based {@code index}. */
    public static Column at(int index) {
        return new Column(null, index);
    }

    /**
     * Parses a user's choice: a whole number is a 0-based index (as in the other {@code tolk} commands),
     * anything else a header name. {@code "1"} is {@code Column.at(1)}, the second column; {@code "target"} is
     * {@code Column.named("target")}.
     */
    public static Column parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return at(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column index " + text + " is too large", e);
            }
        }
        return named(text);
    }

    /** Whether the column is chosen by header name. */
    public boolean isNamed() {
        return name != null;
    }

    /** For messages: {@code 'target'} or {@code index 1}. */
    @Override
    public String toString() {
        return isNamed() ? "'" + name + "'" : "index " + index;
    }
}
