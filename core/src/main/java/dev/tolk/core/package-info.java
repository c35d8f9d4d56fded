/**
 * Tolk's numeric engine: float32 {@link dev.tolk.core.Tensor}s in row-major order backed by native memory,
 * matrix products through a {@link dev.tolk.core.Gemm} backend (OpenBLAS when it loads, pure Java otherwise),
 * layers and recurrent cells with hand-written backward passes, and optimisers.
 *
 * <p>Conventions: data apart from operations (EJML's {@code FMatrixRMaj} vs {@code CommonOps_FDRM}); output
 * buffers are passed in on hot paths so nothing is allocated per time step; every method documents the shapes
 * it takes, e.g. {@code x: [batch, inputSize]}; shape errors name the method and both shapes.
 */
package dev.tolk.core;
