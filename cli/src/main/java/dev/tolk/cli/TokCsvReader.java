package dev.tolk.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 4180 record reader over {@link TokLineReader}: fields separated by one delimiter character
 * (comma or tab), optionally quoted with {@code "}, a doubled {@code ""} inside quotes for a quote, line breaks
 * allowed inside quotes (read as {@code \n}). Blank lines between records are skipped. A quote inside an
 * unquoted field is kept literally (as Python's csv module does). Errors give {@code file:line:column}.
 */
final class TokCsvReader {
    private final TokLineReader lines;
    private final char delimiter;
    private long recordLine;

    TokCsvReader(TokLineReader lines, char delimiter) {
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /** Line number where the record last returned starts. */
    long recordLine() {
        return recordLine;
    }

    /** The next record's fields, or {@code null} at the end. */
    List<String> next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        recordLine = lines.lineNumber();
        List<String> fields = new ArrayList<>();
        if (line.indexOf('"') < 0) { // fast path: no quoting on this line
            int from = 0;
            while (true) {
                int end = line.indexOf(delimiter, from);
                if (end < 0) {
                    fields.add(line.substring(from));
                    return fields;
                }
                fields.add(line.substring(from, end));
                from = end + 1;
            }
        }
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        String more = lines.readLine();
                        if (more == null) {
                            throw new TokInputException(
                                    lines.source() + ":" + recordLine + ": quoted field never closed (missing"
                                            + " '\"' before the end of the file); check the quoting of this record");
                        }
                        field.append('\n');
                        line = more;
                        i = 0;
                        continue;
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < line.length() && line.charAt(i) != delimiter) {
                    throw new TokInputException(lines.source() + ":" + lines.lineNumber() + ":" + (i + 1)
                            + ": unexpected character '" + line.charAt(i)
                            + "' after a closing quote (a quote inside a quoted"
                            + " field must be doubled: \"\")");
                }
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = line.length();
                }
                field.append(line, i, end);
                i = end;
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // delimiter
            if (i == line.length()) {
                fields.add("");
                return fields;
            }
        }
    }
}
