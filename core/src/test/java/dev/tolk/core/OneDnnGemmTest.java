package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The oneDNN backend's surroundings: its OpenMP threads, precisions and their errors, the start-up choice and its
 * fallbacks, and the one log line.
 */
class OneDnnGemmTest {

    @Test
    void oneDnnNeverStartsAnOpenMpTeam() throws Exception {
        assumeTrue(GemmConfigurations.nativeShipped());
        OneDnnGemm g = OneDnnGemm.load(2, Precision.BF16);
        OpenMpThreads omp = OneDnn.get().threads;
        int[] before = new int[1];
        int[] after = new int[1];
        long[] tasks = new long[1];
        String name = "omp-probe-" + System.nanoTime() % 10000;
        Thread t = new Thread(
                () -> {
                    before[0] = omp.maxThreadsOfCurrentThread();
                    SplittableRandom rnd = new SplittableRandom(1);
                    Tensor a = GemmTest.random(rnd, 64, 512);
                    Tensor w =
                            Parameter.of("w", GemmTest.random(rnd, 1536, 512)).value();
                    for (Precision p : Precision.values()) {
                        g.setPrecision(p);
                        g.gemm(false, true, 1f, a, w, 0f, Tensor.zeros(64, 1536));
                        g.gemm(true, false, 1f, a, GemmTest.random(rnd, 64, 700), 0f, Tensor.zeros(512, 700));
                    }
                    after[0] = omp.maxThreadsOfCurrentThread();
                    tasks[0] = threadsNamed(name.substring(0, Math.min(15, name.length())));
                },
                name);
        t.start();
        t.join();
        int processors = Runtime.getRuntime().availableProcessors();
        String env = System.getenv("OMP_NUM_THREADS");
        assertEquals(env == null ? processors : Integer.parseInt(env.split(",")[0]), before[0], "OpenMP's default");
        assertEquals(1, after[0], "the thread's OpenMP team is one thread");
        assertEquals(1, tasks[0], "no OpenMP worker was started from the thread (workers inherit its name)");
        List<Integer> workers = Collections.synchronizedList(new ArrayList<>());
        ComputeThreads.shared().run(2, part -> workers.add(omp.maxThreadsOfCurrentThread()));
        for (int w : workers) {
            assertEquals(1, w, "compute threads that ran product blocks keep OpenMP at one thread");
        }
    }

    /** Threads of this process whose name ({@code /proc/self/task/* /comm}) is {@code name}; -1 off Linux. */
    private static long threadsNamed(String name) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(tasks)) {
            return s.filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm"), StandardCharsets.UTF_8)
                                    .trim()
                                    .equals(name);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void everyPrecisionRunsOnThisCpuWithItsOptimisedImplementation() {
        assumeTrue(GemmConfigurations.nativeShipped());
        OneDnnGemm g = OneDnnGemm.load(1);
        assertTrue(g.name().startsWith("onednn-3.11"), g.name());
        assertEquals(Precision.FP32, g.precision());
        for (Precision p : Precision.values()) {
            assumeTrue(g.supports(p), "this CPU runs " + p);
            assertFalse(g.implementation(p).startsWith("ref"), g.implementation(p));
        }
    }

    @Test
    void precisionsParseAndUnsupportedOnesAreRefusedWithAClearMessage() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals(Precision.INT8, Precision.parse("int8"));
        assertEquals("fp32", Precision.FP32.id());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertEquals("unknown precision 'fp16': valid precisions are fp32, bf16, int8", bad.getMessage());
        Gemm java = new JavaGemm(1);
        assertFalse(java.supports(Precision.BF16));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> java.setPrecision(Precision.INT8));
        assertEquals(
                "java computes fp32 products only; int8 needs the onednn backend (-Dtolk.gemm=onednn)", e.getMessage());
        assertEquals(Precision.FP32, java.precision());
        java.setPrecision(Precision.FP32);
        assumeTrue(GemmConfigurations.nativeShipped());
        Gemm blas = OpenBlasGemm.load(1);
        assertThrows(IllegalArgumentException.class, () -> blas.setPrecision(Precision.BF16));
    }

    @Test
    void aLibraryThatDoesNotLoadFallsBackOrFailsClearlyWhenForced() {
        java.util.function.IntFunction<Gemm> broken = t -> {
            throw new UnsatisfiedLinkError("no jnidnnl in java.library.path");
        };
        Gemm standIn = new JavaGemm(1); // stands in for OpenBLAS
        java.util.function.IntFunction<Gemm> blas = t -> standIn;
        assertTrue(GemmBackend.choose(null, broken, blas) == standIn, "oneDNN missing: the next backend");
        assertEquals("java", GemmBackend.choose("", broken, broken).name(), "no native library: pure Java");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> GemmBackend.choose("onednn", broken, blas));
        assertTrue(
                e.getMessage().startsWith("tolk.gemm=onednn but oneDNN does not load on this platform (")
                        && e.getMessage().contains("no jnidnnl"),
                e.getMessage());
        IllegalStateException threadpool = assertThrows(IllegalStateException.class, () -> OpenMpThreads.forRuntime(8));
        assertTrue(threadpool.getMessage().contains("cannot keep to one per call"), threadpool.getMessage());
    }

    @Test
    void theDefaultBackendIsLoggedOnceAtItsFirstProductWithTheThreadsThenSet() {
        List<String> lines = new ArrayList<>();
        Logger log = (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("info") && args != null && args.length >= 2) {
                        String msg = (String) args[0];
                        Object[] values = args.length == 2 && args[1] instanceof Object[] o
                                ? o
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        for (Object v : values) {
                            msg = msg.replaceFirst("\\{\\}", String.valueOf(v));
                        }
                        lines.add(msg);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        AbstractGemm g = new JavaGemm(4);
        g.announceAtFirstProduct(log);
        g.setThreads(1); // what `--threads 1` does after the backend was chosen
        assertTrue(lines.isEmpty(), "nothing is logged before the first product");
        g.mul(Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(2, 2));
        g.mul(Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(2, 2));
        assertEquals(List.of("matrix products: java backend, fp32 precision, 1 thread(s)"), lines);
    }

    @Test
    void olderCpusAreOfferedOnlyThePrecisionsOneDnnComputesCorrectlyThere() throws Exception {
        assumeTrue(GemmConfigurations.nativeShipped());
        List<String> avx2 = runProbe("AVX2");
        assertTrue(
                avx2.contains("bf16 refused=bf16 products are not available on this CPU with oneDNN 3.11.0"
                        + " (available: fp32)"),
                String.join("\n", avx2));
        assertTrue(
                avx2.contains("int8 refused=int8 products are not available on this CPU (no VNNI instructions) with"
                        + " oneDNN 3.11.0 (available: fp32)"),
                String.join("\n", avx2));
        assertProbeProduct(avx2, "fp32", 2e-6);
        List<String> avx512 = runProbe("AVX512_CORE");
        assertProbeProduct(avx512, "bf16", 4e-3); // emulated
        assertTrue(avx512.stream().anyMatch(l -> l.startsWith("int8 refused=")), String.join("\n", avx512));
        List<String> vnni = runProbe("AVX512_CORE_VNNI");
        assertProbeProduct(vnni, "int8", 1.5e-2);
        assertProbeProduct(vnni, "bf16", 4e-3);
    }

    private static void assertProbeProduct(List<String> lines, String precision, double tolerance) {
        String line = lines.stream()
                .filter(l -> l.startsWith(precision + " supported"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(precision + " not supported: " + lines));
        assertFalse(line.contains("impl=ref"), line);
        double error = Double.parseDouble(line.substring(line.indexOf("error=") + 6));
        assertTrue(error <= tolerance, line);
    }

    /** Runs {@link OneDnnIsaProbe} in a child JVM with oneDNN limited to {@code isa}; returns its output lines. */
    private static List<String> runProbe(String isa) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OneDnnIsaProbe.class.getName());
        pb.environment().put("ONEDNN_MAX_CPU_ISA", isa);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    @Test
    void productsFromManyThreadsAtOnceShareWeightsSafely() throws Exception {
        assumeTrue(GemmConfigurations.nativeShipped());
        SplittableRandom rnd = new SplittableRandom(3);
        Parameter w = Parameter.of("w", GemmTest.random(rnd, 900, 128));
        Tensor x = GemmTest.random(rnd, 64, 128);
        for (Precision p : Precision.values()) {
            OneDnnGemm g = OneDnnGemm.load(2, p);
            Tensor expected = Tensor.zeros(64, 900);
            g.gemm(false, true, 1f, x, w.value(), 0f, expected);
            AtomicInteger mismatches = new AtomicInteger();
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> {
                    Tensor c = Tensor.zeros(64, 900);
                    for (int r = 0; r < 20; r++) {
                        g.gemm(false, true, 1f, x, w.value(), 0f, c);
                        for (int j = 0; j < c.size(); j++) {
                            if (Float.floatToRawIntBits(c.get(j)) != Float.floatToRawIntBits(expected.get(j))) {
                                mismatches.incrementAndGet();
                            }
                        }
                    }
                });
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(0, mismatches.get(), p + ": concurrent callers get the single-caller bits");
        }
    }
}
