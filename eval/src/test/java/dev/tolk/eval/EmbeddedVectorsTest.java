package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * sacreBLEU 2.6.0 golden values carried in the test sources ({@code embedded-bleu-vectors.json}, a subset of
 * {@code shared/data/bleu-vectors}): the README example (3 lines, 2 references: default, tok none/intl, smooth
 * none, empty hypotheses, max n-gram order 1–6, chrF, chrF++), the Romanian sentence pair under all 12
 * variants, sacreBLEU's raw-BLEU examples (floor, effective order), French lines with U+202F / U+00A0 against 3
 * references, short segments under every smoothing, and empty hypothesis lines.
 */
class EmbeddedVectorsTest {

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicNode> embeddedSacrebleuVectors() throws IOException {
        Map<String, Object> root;
        try (InputStream in = EmbeddedVectorsTest.class.getResourceAsStream("embedded-bleu-vectors.json")) {
            assertNotNull(in, "embedded-bleu-vectors.json missing from test resources");
            root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<DynamicNode> cases = new ArrayList<>();
        for (Object c : (List<Object>) root.get("cases")) {
            Map<String, Object> cs = (Map<String, Object>) c;
            String name = (String) cs.get("case");
            Map<String, List<String>> files = (Map<String, List<String>>) (Map<?, ?>) cs.get("files");
            List<DynamicTest> tests = new ArrayList<>();
            for (Object r : (List<Object>) cs.get("runs")) {
                Map<String, Object> run = (Map<String, Object>) r;
                String where = name + "/" + run.get("name");
                tests.add(DynamicTest.dynamicTest(
                        (String) run.get("name"), () -> new VectorRun(where, run, files::get).check()));
            }
            cases.add(DynamicContainer.dynamicContainer(name, tests));
        }
        assertTrue(cases.size() >= 6, "expected the six embedded cases");
        return cases.stream();
    }
}
