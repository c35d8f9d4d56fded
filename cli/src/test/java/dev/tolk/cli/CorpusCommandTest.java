package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusCommandTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void checkReportsPairsAndTheFirstBadRowTheWayAUserCanAct() throws IOException {
        Path p = file("train.csv", "source,target\na,A\nb,B,x\nc,C\n,D\ne,E\n");
        CliRunner.Result r = CliRunner.run("corpus", "check", p.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith(p + ": 3 pairs from 5 rows, 2 skipped (csv, read in "), lines.get(0));
        assertEquals(
                p + ":3: 3 fields, expected 2 (skipped; 2 rows skipped in all, see --bad-rows=error)", lines.get(1));
        assertEquals(
                List.of("  rows with too many fields: 1 (line 3)", "  empty source: 1 (line 5)"), lines.subList(2, 4));
    }

    @Test
    void errorPolicyStopsWithExitOneAndTheLocation() throws IOException {
        Path p = file("train.csv", "source,target\na,A\nb,B,x\n");
        CliRunner.Result r = CliRunner.run("corpus", "check", p.toString(), "--bad-rows=error");
        assertEquals(1, r.exit());
        assertEquals(
                "tolk: " + p + ":3: 3 fields, expected 2 (stopped at the first bad row; --bad-rows=skip skips"
                        + " such rows)",
                r.err().strip());
    }

    @Test
    void invalidUtf8IsARuntimeErrorWithLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.write(p, new byte[] {
            's', 'o', 'u', 'r', 'c', 'e', ',', 't', 'a', 'r', 'g', 'e', 't', '\n', 'a', ',', (byte) 0xFF, '\n'
        });
        CliRunner.Result r = CliRunner.run("corpus", "check", p.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("tolk: " + p + ":2:3: invalid UTF-8 (byte 0xFF)"), r.err());
    }

    @Test
    void tsvColumnsByNumberAndJson() throws IOException {
        Path p = file("c.txt", "1\tHello\tBonjour\n2\tThanks\t\n3\tBye\tSalut\n");
        CliRunner.Result r = CliRunner.run(
                "corpus",
                "check",
                p.toString(),
                "--no-header",
                "--source-column",
                "1",
                "--target-column",
                "2",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("tsv", j.get("format").asText());
        assertEquals(2, j.get("pairs").asInt());
        assertEquals(1, j.get("skipped").asInt());
        assertEquals(
                2,
                j.get("reasons").get("empty_target").get("first_lines").get(0).asInt());
        assertEquals(2, j.get("first_bad_row").get("line").asInt());
    }

    @Test
    void usageErrorsExitTwoAndNameTheOption() throws IOException {
        Path p = file("t.csv", "source,target\na,b\n");
        CliRunner.Result policy = CliRunner.run("corpus", "check", p.toString(), "--bad-rows", "ignore");
        assertEquals(2, policy.exit());
        assertEquals(
                "tolk: --bad-rows must be one of skip, warn, error; got 'ignore'",
                policy.err().strip());
        CliRunner.Result format = CliRunner.run("corpus", "check", p.toString(), "--format", "xlsx");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("--format must be csv or tsv; got 'xlsx'"), format.err());
        CliRunner.Result column = CliRunner.run("corpus", "check", p.toString(), "--source-column", "99999999999");
        assertEquals(2, column.exit());
        assertTrue(column.err().contains("--source-column"), column.err());
        CliRunner.Result pairs = CliRunner.run("corpus", "generate", "--out", dir.toString(), "--pairs", "2");
        assertEquals(2, pairs.exit());
        assertTrue(pairs.err().contains("--pairs must be between 3 and 1000000; got 2"), pairs.err());
        CliRunner.Result lang = CliRunner.run("corpus", "generate", "--out", dir.toString(), "--lang", "es");
        assertEquals(2, lang.exit());
        assertTrue(lang.err().contains("--lang must be fr or de; got 'es'"), lang.err());
    }

    @Test
    void missingColumnAndMissingFileAreRuntimeErrors() throws IOException {
        Path p = file("t.csv", "en,fr\na,b\n");
        CliRunner.Result r = CliRunner.run("corpus", "check", p.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(":1: no source column 'source' in the header [en, fr]"), r.err());
        CliRunner.Result missing =
                CliRunner.run("corpus", "check", dir.resolve("none.csv").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("none.csv: no such file"), missing.err());
    }

    @Test
    void generateWritesThreeDisjointFilesThatCheckCleanly() throws IOException {
        Path out = dir.resolve("corpus");
        CliRunner.Result r = CliRunner.run(
                "corpus", "generate", "--out", out.toString(), "--pairs", "260", "--seed", "5", "--lang", "de");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                "wrote " + out + ": train.csv 240 pairs, valid.csv 10, test.csv 10 (en-de, seed 5)",
                r.out().strip());
        String train = Files.readString(out.resolve("train.csv"));
        assertTrue(train.startsWith("source,target\n"));
        CliRunner.Result check = CliRunner.run(
                "corpus",
                "check",
                out.resolve("train.csv").toString(),
                "--bad-rows=error",
                "--drop-duplicates",
                "--json");
        assertEquals(0, check.exit(), check.err());
        assertEquals(240, new ObjectMapper().readTree(check.out()).get("pairs").asInt());
        CliRunner.Result again = CliRunner.run(
                "corpus", "generate", "--out", out.toString(), "--pairs", "260", "--seed", "5", "--lang", "de");
        assertEquals(0, again.exit());
        assertEquals(train, Files.readString(out.resolve("train.csv")));
    }

    /** A header-less 2 MB line used to be echoed whole into the "one-line" error (52 MB for a 52 MB line). */
    @Test
    void aHugeHeaderIsCutInTheOneLineError() throws IOException {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            header.append(i == 0 ? "" : ",").append("column").append(i);
        }
        Path p = file("wide.csv", header + "\n");
        CliRunner.Result r = CliRunner.run("corpus", "check", p.toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count());
        assertTrue(r.err().length() < ErrorMessages.MAX_LINE + 200, r.err().length() + " characters");
        assertTrue(
                r.err().startsWith("tolk: " + p + ":1: no source column 'source' in the header [column0, column1,"),
                r.err());
        assertTrue(r.err().contains("column9, and 199,990 more]"), r.err());
        Path oneField = file("long.csv", "x".repeat(1_000_000) + "\n");
        r = CliRunner.run("corpus", "check", oneField.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("[" + "x".repeat(100) + "… (999,900 more characters)]"), r.err());
    }

    @Test
    void errorLinesKeepQuotesAndListsShort() {
        assertEquals("'abc' [a, b]", ErrorMessages.abbreviate("'abc' [a, b]"));
        assertEquals(
                "no such tensors: [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, and 5 more]",
                ErrorMessages.abbreviate(
                        "no such tensors: [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13," + " t14]"));
        assertEquals(
                "bad input '" + "y".repeat(100) + "… (50 more characters)' here",
                ErrorMessages.abbreviate("bad input '" + "y".repeat(150) + "' here"));
    }
}
