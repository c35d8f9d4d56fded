package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using the tokenizer alone" Java example is {@code src/test/java/ReadmeExample.java}, verbatim:
 * this test checks the README contains exactly that file and runs it (so the example compiles with the module
 * and prints what its comments say).
 */
class ReadmeExampleTest {
    private static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("tokenizer"))) {
                return p.resolve("README.md");
            }
        }
        throw new AssertionError("README.md of the Tolk repository not found above "
                + Path.of("").toAbsolutePath());
    }

    private static Path exampleSource() {
        Path module = Path.of("").toAbsolutePath();
        Path f = module.resolve("src/test/java/ReadmeExample.java");
        return Files.isRegularFile(f) ? f : module.resolve("tokenizer/src/test/java/ReadmeExample.java");
    }

    @Test
    void readmeContainsTheExampleVerbatim() throws Exception {
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Using the tokenizer alone"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        int end = section.indexOf("```", start);
        assertTrue(start > "```java\n".length() - 1 && end > start, "no ```java block in the section");
        String block = section.substring(start, end);
        assertEquals(Files.readString(exampleSource(), StandardCharsets.UTF_8), block);
        assertTrue(section.contains("<artifactId>tolk-tokenizer</artifactId>"), "Maven snippet missing");
        assertTrue(section.contains("<version>0.1.0-SNAPSHOT</version>"), "Maven snippet missing");
    }

    @Test
    void exampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        Method main = Class.forName("ReadmeExample").getMethod("main", String[].class);
        PrintStream before = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(before);
        }
        assertEquals(
                "le chat dort.\nTermStat[term=dort, tf=2, df=2, rank=1, entropy=1.0]\n",
                buf.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }
}
