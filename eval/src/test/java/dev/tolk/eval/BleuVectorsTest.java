package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every run of every case in {@code shared/data/bleu-vectors} (sacreBLEU 2.6.0 golden values), one dynamic
 * test per run; skipped when the folder is absent. The default suite carries a subset of these cases in
 * {@link EmbeddedVectorsTest}.
 */
class BleuVectorsTest {

    @TestFactory
    Stream<DynamicNode> everySacrebleuVector() throws IOException {
        Optional<Path> dir =
                SharedData.dataDir().map(d -> d.resolve("bleu-vectors")).filter(Files::isDirectory);
        Assumptions.assumeTrue(
                dir.isPresent(),
                "shared/data/bleu-vectors not found (set TOLK_SHARED or run below a directory holding shared/data)");
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.get())) {
            s.filter(p -> Files.isRegularFile(p.resolve("expected.json")))
                    .sorted()
                    .forEach(cases::add);
        }
        assertFalse(cases.isEmpty(), "no case with expected.json in " + dir.get());
        return cases.stream().map(BleuVectorsTest::caseContainer);
    }

    @SuppressWarnings("unchecked")
    private static DynamicNode caseContainer(Path caseDir) {
        Map<String, Object> expected;
        try {
            expected = (Map<String, Object>)
                    Json.parse(Files.readString(caseDir.resolve("expected.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> cache = new HashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        String name = caseDir.getFileName().toString();
        for (Object o : (List<Object>) expected.get("runs")) {
            Map<String, Object> run = (Map<String, Object>) o;
            String where = name + "/" + run.get("name");
            tests.add(DynamicTest.dynamicTest(
                    (String) run.get("name"),
                    () -> new VectorRun(where, run, f -> cache.computeIfAbsent(f, k -> read(caseDir.resolve(k))))
                            .check()));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static List<String> read(Path file) {
        try {
            return SegmentFile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
