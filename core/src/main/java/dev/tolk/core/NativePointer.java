package dev.tolk.core;

import java.nio.Buffer;
import org.bytedeco.javacpp.Pointer;

/**
 * A reusable JavaCPP pointer whose address is set before each native call, so that handing a tensor (or a scratch
 * buffer) to a native library allocates nothing. The caller keeps the memory reachable until the call has returned
 * ({@link java.lang.ref.Reference#reachabilityFence}).
 */
final class NativePointer extends Pointer {
    NativePointer() {
        super();
    }

    /** Points at {@code address}. */
    NativePointer at(long address) {
        this.address = address;
        this.position = 0;
        return this;
    }

    /** Native address of element {@code element} (counted from the view's first element) of {@code t}. */
    static long address(Tensor t, long element) {
        long base = t.nativeBaseAddress();
        if (base == 0L) {
            base = getDirectBufferAddress(t.buffer());
            if (base == 0L) {
                throw new IllegalArgumentException("tensor storage is not a direct buffer");
            }
            t.cacheNativeBaseAddress(base);
        }
        return base + ((long) t.offset() + element) * Float.BYTES;
    }

    /** Native address of a direct buffer's element 0. */
    static long address(Buffer direct) {
        long a = getDirectBufferAddress(direct);
        if (a == 0L) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return a;
    }
}
