package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tolk.core.Gemm;
import dev.tolk.core.Precision;
import dev.tolk.core.Tensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ExecutorBackendTest {
    /** Records the thread and precision settings only. */
    static final class CountingGemm implements Gemm {
        final Set<Precision> supported;
        int threads = 8;
        int sets;
        Precision precision = Precision.FP32;
        final List<Precision> precisionSets = new ArrayList<>();

        CountingGemm(Set<Precision> supported) {
            this.supported = supported;
        }

        @Override
        public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public void setThreads(int n) {
            threads = n;
            sets++;
        }

        @Override
        public boolean supports(Precision p) {
            return supported.contains(p);
        }

        @Override
        public Precision precision() {
            return precision;
        }

        @Override
        public void setPrecision(Precision p) {
            if (!supported.contains(p)) {
                throw new IllegalArgumentException(p + " products are not available here (available: fp32)");
            }
            precision = p;
            precisionSets.add(p);
        }
    }

    @Test
    void theThreadSettingIsTheSmallestTaskAndRaisesOnlyWhenIdle() {
        CountingGemm g = new CountingGemm(EnumSet.of(Precision.FP32));
        int before = ExecutorBackend.running();
        ExecutorBackend.Claim a = ExecutorBackend.enter(2, Precision.FP32, g);
        assertEquals(2, g.threads, "the first task sets its cores");
        ExecutorBackend.Claim b = ExecutorBackend.enter(2, Precision.FP32, g);
        assertEquals(1, g.sets, "the same cores: unchanged");
        ExecutorBackend.Claim c = ExecutorBackend.enter(1, Precision.FP32, g);
        assertEquals(1, g.threads, "a smaller task lowers it at once (safe while others run)");
        ExecutorBackend.Claim d = ExecutorBackend.enter(4, Precision.FP32, g);
        assertEquals(1, g.threads, "a larger task never raises it while others run");
        for (ExecutorBackend.Claim x : new ExecutorBackend.Claim[] {a, b, c, d}) {
            x.close();
        }
        d.close();
        assertEquals(before, ExecutorBackend.running(), "closing twice counts once");
        ExecutorBackend.Claim e = ExecutorBackend.enter(4, Precision.FP32, g);
        assertEquals(4, g.threads, "raised when the JVM was idle");
        e.close();
        assertThrows(IllegalArgumentException.class, () -> ExecutorBackend.enter(0, Precision.FP32, g));
        assertEquals(List.of(), g.precisionSets, "fp32 throughout: the precision was never touched");
    }

    @Test
    void tasksAtOnePrecisionShareItAndAnotherPrecisionWaitsUntilTheyEnd() throws Exception {
        CountingGemm g = new CountingGemm(EnumSet.allOf(Precision.class));
        int before = ExecutorBackend.running();
        ExecutorBackend.Claim a = ExecutorBackend.enter(1, Precision.INT8, g);
        assertEquals(Precision.INT8, g.precision, "the first task sets the job's precision");
        ExecutorBackend.Claim b = ExecutorBackend.enter(1, Precision.INT8, g);
        assertEquals(List.of(Precision.INT8), g.precisionSets, "a second int8 task joins without setting it again");

        CompletableFuture<ExecutorBackend.Claim> bf16 =
                CompletableFuture.supplyAsync(() -> ExecutorBackend.enter(1, Precision.BF16, g));
        assertThrows(TimeoutException.class, () -> bf16.get(300, TimeUnit.MILLISECONDS), "waits while int8 runs");
        assertEquals(Precision.INT8, g.precision, "the running tasks keep their precision");
        a.close();
        assertThrows(TimeoutException.class, () -> bf16.get(200, TimeUnit.MILLISECONDS), "one int8 task still runs");
        assertFalse(bf16.isDone());
        b.close();
        ExecutorBackend.Claim c = bf16.get(10, TimeUnit.SECONDS);
        assertEquals(Precision.BF16, g.precision, "set once the int8 tasks have ended");
        assertEquals(List.of(Precision.INT8, Precision.BF16), g.precisionSets);
        c.close();
        assertEquals(before, ExecutorBackend.running());
    }

    @Test
    void aPrecisionTheBackendCannotComputeFailsWithItsMessageAndClaimsNothing() {
        CountingGemm g = new CountingGemm(EnumSet.of(Precision.FP32));
        int before = ExecutorBackend.running();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExecutorBackend.enter(1, Precision.INT8, g));
        assertTrue(e.getMessage().contains("available: fp32"), e.getMessage());
        assertEquals(before, ExecutorBackend.running(), "no claim was taken");
        assertEquals(Precision.FP32, g.precision);
    }
}
