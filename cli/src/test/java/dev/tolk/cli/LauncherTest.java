package dev.tolk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the {@code ./tolk} launcher keeps its heap default and puts {@code TOLK_JAVA_OPTS} last, so a user's log
 * level (or heap) wins. Runs the real script with a stand-in {@code java} on the PATH that prints its arguments.
 */
class LauncherTest {
    @TempDir
    Path dir;

    @Test
    void userOptionsComeAfterTheDefaultsAndTheHeapDefaultStays() throws Exception {
        Path launcher = Path.of("..", "tolk").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(launcher), "the launcher is beside the cli module");
        Path root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("cli/target"));
        Files.copy(launcher, root.resolve("tolk"));
        Files.writeString(root.resolve("cli/target/tolk.jar"), ""); // present and newer than any source: no build
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fakeJava = bin.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> args = run(root, bin, "-Xss8m -Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        assertTrue(args.contains("-Xmx8g"), "the heap default stays: " + args);
        int defaultLevel = args.indexOf("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        int userLevel = args.indexOf("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        assertTrue(defaultLevel >= 0 && userLevel > defaultLevel, "the user's level comes last and wins: " + args);
        assertTrue(args.contains("-Dorg.slf4j.simpleLogger.showDateTime=true"), "time stamps: " + args);
        assertEquals(
                List.of("-jar", root.resolve("cli/target/tolk.jar").toString(), "train", "--help"),
                args.subList(args.size() - 4, args.size()));

        List<String> heap = run(root, bin, "-Xmx2g");
        assertTrue(heap.indexOf("-Xmx2g") > heap.indexOf("-Xmx8g"), "a user's -Xmx is the last one: " + heap);
        List<String> none = run(root, bin, null);
        assertEquals(
                List.of("-jar", root.resolve("cli/target/tolk.jar").toString(), "train", "--help"),
                none.subList(none.size() - 4, none.size()),
                "no empty argument without TOLK_JAVA_OPTS");
    }

    private static List<String> run(Path root, Path bin, String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("tolk").toString(), "train", "--help");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        if (javaOpts == null) {
            pb.environment().remove("TOLK_JAVA_OPTS");
        } else {
            pb.environment().put("TOLK_JAVA_OPTS", javaOpts);
        }
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }
}
