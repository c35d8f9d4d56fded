package dev.tolk.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tolk.core.Gemm;
import dev.tolk.core.Tensor;
import org.junit.jupiter.api.Test;

class ExecutorThreadsTest {
    /** Records the thread setting only. */
    static final class CountingGemm implements Gemm {
        int threads = 8;
        int sets;

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
    }

    @Test
    void theSettingIsTheSmallestTaskAndRaisesOnlyWhenIdle() {
        CountingGemm g = new CountingGemm();
        int before = ExecutorThreads.running();
        ExecutorThreads.Claim a = ExecutorThreads.enter(2, g);
        assertEquals(2, g.threads, "the first task sets its cores");
        ExecutorThreads.Claim b = ExecutorThreads.enter(2, g);
        assertEquals(1, g.sets, "the same cores: unchanged");
        ExecutorThreads.Claim c = ExecutorThreads.enter(1, g);
        assertEquals(1, g.threads, "a smaller task lowers it at once (safe while others run)");
        ExecutorThreads.Claim d = ExecutorThreads.enter(4, g);
        assertEquals(1, g.threads, "a larger task never raises it while others run");
        for (ExecutorThreads.Claim x : new ExecutorThreads.Claim[] {a, b, c, d}) {
            x.close();
        }
        d.close();
        assertEquals(before, ExecutorThreads.running(), "closing twice counts once");
        ExecutorThreads.Claim e = ExecutorThreads.enter(4, g);
        assertEquals(4, g.threads, "raised when the JVM was idle");
        e.close();
        assertThrows(IllegalArgumentException.class, () -> ExecutorThreads.enter(0, g));
    }
}
