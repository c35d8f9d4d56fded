package dev.tolk.core;

import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_stream;

/**
 * A oneDNN primitive (a matmul or a reorder) with the memory objects of its arguments, created once per shape on
 * one thread ({@link OneDnnContext}) and executed many times: before each execution the argument memories are
 * pointed at the current buffers ({@code dnnl_memory_set_data_handle}), so an execution allocates nothing.
 *
 * <p>Used by one thread only (memory objects are not thread-safe to re-point); the thread's context destroys it.
 * The caller keeps the buffers it points at reachable until {@link #execute} has returned.
 */
final class OneDnnPrimitive {
    private final dnnl_primitive primitive;
    private final int[] argKinds;
    private final dnnl_memory[] memories;
    private final dnnl_exec_arg_t args;
    private final List<dnnl_memory> owned = new ArrayList<>();
    /** The interned layout of the weights argument of a matmul with packed weights, else −1. */
    final int weightsLayout;
    /** The implementation oneDNN chose, e.g. {@code brg_matmul:avx512_core_bf16}. */
    final String implementation;

    /**
     * @param argKinds the execution argument of each slot ({@code DNNL_ARG_*})
     * @param descs each slot's descriptor, or null for a slot filled per execution with a memory object owned
     *     elsewhere (packed weights, their scales)
     */
    OneDnnPrimitive(
            OneDnn dnn,
            dnnl_primitive primitive,
            int[] argKinds,
            dnnl_memory_desc[] descs,
            int weightsLayout,
            String implementation) {
        this.primitive = primitive;
        this.argKinds = argKinds.clone();
        this.memories = new dnnl_memory[argKinds.length];
        this.weightsLayout = weightsLayout;
        this.implementation = implementation;
        this.args = new dnnl_exec_arg_t(argKinds.length);
        for (int i = 0; i < argKinds.length; i++) {
            if (descs[i] != null) {
                dnnl_memory m = new dnnl_memory();
                OneDnn.check(dnnl_memory_create(m, descs[i], dnn.engine, null), "dnnl_memory_create");
                memories[i] = m;
                owned.add(m);
                args.position(i).arg(argKinds[i]).memory(m);
            } else {
                args.position(i).arg(argKinds[i]);
            }
        }
        args.position(0);
    }

    /** Points slot {@code slot}'s own memory at {@code address}. */
    void point(int slot, NativePointer pointer, long address) {
        OneDnn.check(dnnl_memory_set_data_handle(memories[slot], pointer.at(address)), "dnnl_memory_set_data_handle");
    }

    /** Uses {@code memory} (owned elsewhere) for slot {@code slot}. */
    void use(int slot, dnnl_memory memory) {
        args.position(slot).memory(memory);
        args.position(0);
    }

    /** Runs the primitive on {@code stream} (synchronously: CPU streams execute in order, on this thread). */
    void execute(dnnl_stream stream) {
        OneDnn.check(dnnl_primitive_execute(primitive, stream, argKinds.length, args), "dnnl_primitive_execute");
    }

    /** Frees the primitive and its own memory objects. */
    void destroy() {
        for (dnnl_memory m : owned) {
            dnnl_memory_destroy(m);
        }
        owned.clear();
        dnnl_primitive_destroy(primitive);
        args.close();
    }
}
