package dev.tolk.tokenizer.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.tokenizer.tribuo.readme.ReadmeTribuoExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Tribuo example (section "Using the tokenizer alone") is {@code readme/ReadmeTribuoExample.java}
 * without its package line, verbatim: this test checks that and runs it, so the example compiles and prints
 * what its comments say.
 */
class ReadmeTribuoExampleTest {
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("tokenizer"))) {
                return p;
            }
        }
        throw new AssertionError("README.md of the Tolk repository not found above "
                + Path.of("").toAbsolutePath());
    }

    @Test
    void readmeShowsTheExampleVerbatim() throws Exception {
        Path root = repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int sectionStart = readme.indexOf("## Using the tokenizer alone");
        int sectionEnd = readme.indexOf("\n## ", sectionStart + 1);
        String section = readme.substring(sectionStart, sectionEnd < 0 ? readme.length() : sectionEnd);
        int at = section.indexOf("public class ReadmeTribuoExample");
        assertTrue(at > 0, "no ReadmeTribuoExample in the README's tokenizer section");
        int start = section.lastIndexOf("```java\n", at) + "```java\n".length();
        int end = section.indexOf("```", at);
        String source = Files.readString(
                root.resolve("tokenizer/src/test/java/dev/tolk/tokenizer/tribuo/readme/ReadmeTribuoExample.java"),
                StandardCharsets.UTF_8);
        String withoutPackage = source.substring(source.indexOf("\n\n") + 2);
        assertEquals(withoutPackage, section.substring(start, end));
        assertTrue(section.contains("<artifactId>tribuo-data</artifactId>"), "Tribuo dependency snippet missing");
    }

    @Test
    void exampleRunsAndPrintsWhatItsCommentsSay() {
        PrintStream before = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            ReadmeTribuoExample.main(new String[0]);
        } finally {
            System.setOut(before);
        }
        assertEquals("[., the]\nWEATHER\n", buf.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }
}
