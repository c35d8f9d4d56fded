package dev.tolk.core;

import com.sun.jna.Function;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps oneDNN to one thread per call: oneDNN's Linux build runs its primitives on an OpenMP team, and OpenMP's
 * workers busy-wait between parallel regions, so a team of two on a two-core machine collapses as soon as another
 * process (or Tolk's own second compute thread) wants a core. Tolk splits products over its own parked threads
 * instead ({@link OutputBlocks}).
 *
 * <p>OpenMP's thread count is a per-thread setting ({@code nthreads-var}); a thread that never set it starts a team
 * of as many threads as the process may use, or {@code OMP_NUM_THREADS}. The JavaCPP presets for oneDNN do not map
 * {@code omp_set_num_threads}, so it is called through JNA at the symbol's address in the OpenMP library oneDNN
 * loaded ({@link #limitCurrentThread()}), once on every thread before it creates or runs a primitive (oneDNN fixes
 * a primitive's thread count when it creates it). {@link #maxThreadsOfCurrentThread()} reads the setting back for
 * tests.
 *
 * <p><b>Measured</b> (64×512·512×1536, GFLOP/s fp32 / bf16, 2 cores, one JVM at a time; issue 14): quiet machine,
 * Tolk's split on 2 threads 337 / 611, an OpenMP team of 2 with {@code OMP_WAIT_POLICY=passive} 348 / 548. With a
 * busy loop on the other core: OpenMP team active 111 / 116, default policy 105 / 144, passive 177 / 311; Tolk on
 * 2 threads 120 / 144, on 1 thread 219 / 425. Kept: Tolk's own threads, because an OpenMP team's partition depends
 * on its size (results would change with the thread count) and its policy can only be set by the environment at
 * launch; under a busy core, one thread ({@code --threads 1}) is fastest either way.
 */
final class OpenMpThreads {
    /** The value of {@code dnnl_version_t.cpu_runtime} for OpenMP ({@code DNNL_RUNTIME_OMP}). */
    static final int RUNTIME_OMP = 2;
    /** The value for the sequential runtime ({@code DNNL_RUNTIME_SEQ}). */
    static final int RUNTIME_SEQ = 1;

    private final Function setNumThreads;
    private final Function getMaxThreads;
    private final ThreadLocal<Boolean> limited = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private OpenMpThreads(Function setNumThreads, Function getMaxThreads) {
        this.setNumThreads = setNumThreads;
        this.getMaxThreads = getMaxThreads;
    }

    /**
     * The control for oneDNN's threading runtime {@code cpuRuntime} (after oneDNN's library was loaded).
     *
     * @throws IllegalStateException when the runtime's threads cannot be kept to one per call
     */
    static OpenMpThreads forRuntime(int cpuRuntime) {
        if (cpuRuntime == RUNTIME_SEQ) {
            return new OpenMpThreads(null, null);
        }
        if (cpuRuntime != RUNTIME_OMP) {
            throw new IllegalStateException("oneDNN uses threading runtime " + cpuRuntime
                    + ", whose threads Tolk cannot keep to one per call (OpenMP or sequential needed)");
        }
        Pointer set = Loader.addressof("omp_set_num_threads");
        Pointer get = Loader.addressof("omp_get_max_threads");
        if (set == null || set.isNull() || get == null || get.isNull()) {
            throw new IllegalStateException("oneDNN's OpenMP runtime does not expose omp_set_num_threads");
        }
        return new OpenMpThreads(
                Function.getFunction(new com.sun.jna.Pointer(set.address())),
                Function.getFunction(new com.sun.jna.Pointer(get.address())));
    }

    /** Sets the calling thread's OpenMP team size to one (once per thread; later calls return at once). */
    void limitCurrentThread() {
        if (setNumThreads != null && !limited.get()) {
            setNumThreads.invoke(new Object[] {1});
            limited.set(Boolean.TRUE);
        }
    }

    /** {@code omp_get_max_threads()} on the calling thread (1 under the sequential runtime). */
    int maxThreadsOfCurrentThread() {
        return getMaxThreads == null ? 1 : getMaxThreads.invokeInt(new Object[0]);
    }
}
