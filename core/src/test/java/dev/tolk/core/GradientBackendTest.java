package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gradient checks (tag {@code gradients}) run once per backend: the default execution on the default backend
 * (oneDNN where it loads), and the {@code gradients-*} Surefire executions of this module's POM again with
 * {@code -Dtolk.gemm=java} and {@code -Dtolk.gemm=openblas}. This checks that each execution really runs on the
 * backend it names.
 */
@Tag("gradients")
class GradientBackendTest {

    @Test
    void theGradientChecksRunOnTheBackendTheExecutionNames() {
        String forced = System.getProperty(GemmBackend.PROPERTY);
        String name = Gemm.get().name();
        if (forced != null) {
            assertTrue(name.startsWith(forced), name + " under -D" + GemmBackend.PROPERTY + "=" + forced);
        } else {
            assumeTrue(GemmConfigurations.nativeShipped());
            assertTrue(name.startsWith("onednn"), name);
        }
        assertTrue(Gemm.get().precision() == Precision.FP32, "gradient checks run in fp32");
    }
}
