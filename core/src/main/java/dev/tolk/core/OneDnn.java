package dev.tolk.core;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_clone;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;
import static org.bytedeco.dnnl.global.dnnl.dnnl_version;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's native library, loaded once per process from the {@code org.bytedeco:dnnl} artifact (extracted by
 * JavaCPP to {@code ~/.javacpp/cache} on first use): its CPU engine, its version and instruction set, the control of
 * its OpenMP threads ({@link OpenMpThreads}), and small helpers for its C API (status checks, memory descriptors,
 * interned weight layouts).
 */
final class OneDnn {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
    private static OneDnn instance;
    private static Throwable failure;

    /** The CPU engine (thread-safe; streams are per thread, see {@link OneDnnContext}). */
    final dnnl_engine engine;
    /** E.g. {@code 3.11.0}. */
    final String version;
    /** oneDNN's effective CPU instruction set ({@code dnnl_cpu_isa_t} bit mask). */
    final int isa;
    /** Keeps every thread's OpenMP team at one thread. */
    final OpenMpThreads threads;
    /** Interned weight layouts: a layout's index is its id (see {@link #layoutId}). */
    private final List<dnnl_memory_desc> layouts = new ArrayList<>();

    private OneDnn(dnnl_engine engine, String version, int isa, OpenMpThreads threads) {
        this.engine = engine;
        this.version = version;
        this.isa = isa;
        this.threads = threads;
    }

    /**
     * The loaded library (loading it at the first call).
     *
     * @throws LinkageError or {@link IllegalStateException} when it does not load here (every later call throws
     *     the same)
     */
    static synchronized OneDnn get() {
        if (instance != null) {
            return instance;
        }
        if (failure == null) {
            try {
                instance = load();
                return instance;
            } catch (LinkageError | RuntimeException e) {
                failure = e;
            }
        }
        if (failure instanceof LinkageError le) {
            throw le;
        }
        throw (RuntimeException) failure;
    }

    private static OneDnn load() {
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            // JavaCPP's loader would otherwise print warnings to standard error; library code logs through SLF4J.
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        String path = Loader.load(dnnl.class);
        LOG.debug("oneDNN loaded from {}", path);
        dnnl_version_t v = dnnl_version();
        String version = v.major() + "." + v.minor() + "." + v.patch();
        OpenMpThreads threads = OpenMpThreads.forRuntime(v.cpu_runtime());
        threads.limitCurrentThread();
        dnnl_engine engine = new dnnl_engine();
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "dnnl_engine_create");
        return new OneDnn(engine, version, dnnl_get_effective_cpu_isa(), threads);
    }

    /** Whether the CPU has every bit of instruction-set mask {@code required} (a {@code dnnl_cpu_isa_*} value). */
    boolean hasIsa(int required) {
        return (isa & required) == required;
    }

    /**
     * The id of a weight layout, equal for equal descriptors (compared with {@code dnnl_memory_desc_equal}); the
     * descriptor is cloned when it is new.
     */
    synchronized int layoutId(dnnl_memory_desc md) {
        for (int i = 0; i < layouts.size(); i++) {
            if (dnnl_memory_desc_equal(layouts.get(i), md) == 1) {
                return i;
            }
        }
        dnnl_memory_desc copy = new dnnl_memory_desc();
        check(dnnl_memory_desc_clone(copy, md), "dnnl_memory_desc_clone");
        layouts.add(copy);
        return layouts.size() - 1;
    }

    /** The descriptor of layout {@code id} (owned by this object). */
    synchronized dnnl_memory_desc layout(int id) {
        return layouts.get(id);
    }

    /** Throws naming {@code what} and the status unless {@code status} is success. */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException(what + " failed: " + statusName(status));
        }
    }

    static String statusName(int status) {
        String[] names = {
            "success",
            "out_of_memory",
            "invalid_arguments",
            "unimplemented",
            "last_impl_reached",
            "runtime_error",
            "not_required",
            "invalid_graph",
            "invalid_graph_op",
            "invalid_shape",
            "invalid_data_type"
        };
        return status >= 0 && status < names.length ? "dnnl_" + names[status] : "dnnl status " + status;
    }

    /**
     * A new 2-D descriptor {@code [rows, cols]} of type {@code dataType} with the given strides in elements
     * (row-major: {@code (ld, 1)}; transposed: {@code (1, ld)}). The caller destroys it.
     */
    static dnnl_memory_desc matrix(long rows, long cols, int dataType, long rowStride, long colStride) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(
                dnnl_memory_desc_create_with_strides(
                        md, 2, new long[] {rows, cols}, dataType, new long[] {rowStride, colStride}),
                "dnnl_memory_desc_create_with_strides");
        return md;
    }

    /** A new 2-D descriptor whose layout the primitive chooses ({@code format_tag::any}). The caller destroys it. */
    static dnnl_memory_desc anyLayout(long rows, long cols, int dataType) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(
                dnnl_memory_desc_create_with_tag(md, 2, new long[] {rows, cols}, dataType, dnnl_format_tag_any),
                "dnnl_memory_desc_create_with_tag");
        return md;
    }

    /** Destroys descriptors created by {@link #matrix} or {@link #anyLayout} (nulls ignored). */
    static void destroy(dnnl_memory_desc... mds) {
        for (dnnl_memory_desc md : mds) {
            if (md != null && !md.isNull()) {
                dnnl_memory_desc_destroy(md);
            }
        }
    }

    /** The implementation a primitive descriptor chose, e.g. {@code brg_matmul:avx512_core_bf16}. */
    static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> p = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, p), "dnnl_primitive_desc_query");
        return p.get(BytePointer.class, 0).getString();
    }
}
