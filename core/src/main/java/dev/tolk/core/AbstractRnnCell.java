package dev.tolk.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shared machinery of the cells: the weights {@code W_x: [G·H, in]}, {@code W_h: [G·H, H]}, {@code b_x: [G·H]}
 * (PyTorch's row layout, gate blocks stacked), the input projection, the recurrent matrix products, masking and
 * the cache lifecycle. Subclasses supply the fused gate non-linearities ({@link #gatesForward}) and their
 * derivatives ({@link #gatesBackward}), each one pass over the {@code [B, G·H]} gate buffer.
 *
 * <p><b>Layer normalisation</b> (Ba et al. 2016, §3.1; grouped as Nematus does): with {@code layerNorm} the gates
 * read {@code LN_x(W_x x + b_x)} and {@code LN_h(W_h h)} instead of the raw projections ({@link ProjectionNorm}),
 * each normalising the cell's gate groups separately; parameters {@code name.ln_x.*} and {@code name.ln_h.*}. The input projection stays outside (callers still project every step at once): the
 * normalisation of {@code xProj} happens in {@link #forwardProjected}, and {@link #backwardProjected} returns the
 * gradient w.r.t. the raw {@code xProj}.
 *
 * <p><b>No input</b> ({@code inputSize = 0}): a transition cell of a deep transition ({@link DeepTransitionCell})
 * has no {@code W_x}; its input projection is the bias {@code b_x} alone ({@link #addInputBias} on zeros).
 */
abstract class AbstractRnnCell implements RnnCell {
    protected final String name;
    protected final int in;
    protected final int hidden;
    protected final int gateCount;
    protected final int parts;
    protected final Parameter wx;
    protected final Parameter wh;
    protected final Parameter bx;
    private final ProjectionNorm norm;
    private final List<Parameter> params;
    private final StepCache scratch;
    private final StepCache.StateView scratchStateIn = new StepCache.StateView();
    private final StepCache.StateView dStateInView = new StepCache.StateView();
    private Tensor dHProjBuf;
    private Tensor dHProj;
    private int dHProjRows = -1;

    AbstractRnnCell(
            String name, int inputSize, int hiddenSize, int gateCount, int parts, long seed, Parameter... extra) {
        this(name, inputSize, hiddenSize, gateCount, parts, seed, null, extra);
    }

    /**
     * @param normGroups the gate groups each {@link LayerNorm} normalises separately (widths summing to
     *     {@code G·H}), or null without layer normalisation
     */
    AbstractRnnCell(
            String name,
            int inputSize,
            int hiddenSize,
            int gateCount,
            int parts,
            long seed,
            int[] normGroups,
            Parameter... extra) {
        if (inputSize < 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive (inputSize 0 "
                    + "for a transition cell), got inputSize " + inputSize + ", hiddenSize " + hiddenSize);
        }
        this.name = name;
        this.in = inputSize;
        this.hidden = hiddenSize;
        this.gateCount = gateCount;
        this.parts = parts;
        int gh = gateCount * hiddenSize;
        this.wx = inputSize == 0 ? null : Parameter.of(name + ".wx", Tensor.zeros(gh, inputSize));
        this.wh = Parameter.of(name + ".wh", Tensor.zeros(gh, hiddenSize));
        this.bx = Parameter.of(name + ".bx", Tensor.zeros(gh));
        SplittableRandom rng = new SplittableRandom(seed);
        if (wx != null) {
            for (int g = 0; g < gateCount; g++) {
                Initializers.xavierUniform(wx.value().rows(g * hiddenSize, hiddenSize), inputSize, hiddenSize, rng);
            }
        }
        Initializers.orthogonalBlocks(wh.value(), gateCount, rng);
        List<Parameter> p = new ArrayList<>();
        if (wx != null) {
            p.add(wx);
        }
        p.addAll(List.of(wh, bx));
        p.addAll(Arrays.asList(extra));
        this.norm = normGroups == null ? null : new ProjectionNorm(name, inputSize > 0, normGroups);
        if (norm != null) {
            p.addAll(norm.parameters());
        }
        this.params = Collections.unmodifiableList(p);
        this.scratch = new StepCache(this, 1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int gateCount() {
        return gateCount;
    }

    @Override
    public int stateParts() {
        return parts;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public StepCache newStepCache(int maxBatch) {
        return new StepCache(this, maxBatch);
    }

    /** Whether the gates read layer-normalised projections. */
    public boolean layerNormalized() {
        return norm != null;
    }

    /** The number of gate groups each layer normalisation normalises separately (0 without). */
    int normGroupCount() {
        return norm == null ? 0 : norm.groups();
    }

    private void requireInput(String where) {
        if (wx == null) {
            throw new IllegalStateException(cls() + "." + where + ": the cell has no input (a transition cell); its "
                    + "projection is the bias alone (addInputBias)");
        }
    }

    @Override
    public void projectInput(Tensor x, Tensor xProj) {
        requireInput("projectInput");
        if (x.colCount() != in) {
            throw new IllegalArgumentException(
                    cls() + ".projectInput: x is " + Arrays.toString(x.shape()) + " but inputSize is " + in);
        }
        if (xProj.colCount() != projectionSize() || xProj.rowCount() != x.rowCount()) {
            throw new IllegalArgumentException(cls() + ".projectInput: x is " + Arrays.toString(x.shape())
                    + " but xProj is " + Arrays.toString(xProj.shape()) + " (expected [" + x.rowCount() + ", "
                    + projectionSize() + "])");
        }
        Gemm.get().gemmBias(false, true, 1f, x, wx.value(), bx.value(), xProj);
    }

    @Override
    public void backwardInput(Tensor x, Tensor dXProj, Tensor dx, boolean accumulate) {
        requireInput("backwardInput");
        if (x.colCount() != in || dXProj.colCount() != projectionSize() || dXProj.rowCount() != x.rowCount()) {
            throw new IllegalArgumentException(cls() + ".backwardInput: x is " + Arrays.toString(x.shape())
                    + " but dXProj is " + Arrays.toString(dXProj.shape()) + " (inputSize " + in + ", projection "
                    + projectionSize() + ")");
        }
        Gemm gemm = Gemm.get();
        gemm.gemm(true, false, 1f, dXProj, x, 1f, wx.grad());
        ElementWise.addColumnSums(dXProj, bx.grad());
        if (dx != null) {
            if (dx.rowCount() != x.rowCount() || dx.colCount() != in) {
                throw new IllegalArgumentException(cls() + ".backwardInput: x is " + Arrays.toString(x.shape())
                        + " but dx is " + Arrays.toString(dx.shape()));
            }
            gemm.gemm(false, false, 1f, dXProj, wx.value(), accumulate ? 1f : 0f, dx);
        }
    }

    @Override
    public void projectInputColumns(Tensor xPart, int from, Tensor xProj, boolean accumulate) {
        requireInput("projectInputColumns");
        checkPart("projectInputColumns", xPart, from, xProj, "xProj");
        Gemm.get()
                .gemm(
                        false,
                        true,
                        1f,
                        ColumnBlock.of(xPart),
                        ColumnBlock.of(wx.value(), from, xPart.colCount()),
                        accumulate ? 1f : 0f,
                        ColumnBlock.of(xProj));
    }

    @Override
    public void addInputBias(Tensor xProj) {
        ElementWise.addRowVector(xProj, bx.value());
    }

    @Override
    public void backwardInputColumns(Tensor xPart, int from, Tensor dXProj, Tensor dxPart, boolean accumulate) {
        requireInput("backwardInputColumns");
        if (xPart == null && dxPart == null) {
            throw new IllegalArgumentException(cls() + ".backwardInputColumns: xPart and dxPart are both null");
        }
        checkPart("backwardInputColumns", xPart != null ? xPart : dxPart, from, dXProj, "dXProj");
        int c = xPart != null ? xPart.colCount() : dxPart.colCount();
        Gemm gemm = Gemm.get();
        if (xPart != null) {
            gemm.gemm(
                    true,
                    false,
                    1f,
                    ColumnBlock.of(dXProj),
                    ColumnBlock.of(xPart),
                    1f,
                    ColumnBlock.of(wx.grad(), from, c));
        }
        if (dxPart != null) {
            if (dxPart.rowCount() != dXProj.rowCount() || dxPart.colCount() != c) {
                throw new IllegalArgumentException(cls() + ".backwardInputColumns: dXProj is "
                        + Arrays.toString(dXProj.shape()) + " but dxPart is " + Arrays.toString(dxPart.shape()));
            }
            gemm.gemm(
                    false,
                    false,
                    1f,
                    ColumnBlock.of(dXProj),
                    ColumnBlock.of(wx.value(), from, c),
                    accumulate ? 1f : 0f,
                    ColumnBlock.of(dxPart));
        }
    }

    @Override
    public void backwardInputBias(Tensor dXProj) {
        ElementWise.addColumnSums(dXProj, bx.grad());
    }

    private void checkPart(String where, Tensor xPart, int from, Tensor proj, String projName) {
        if (from < 0 || from + xPart.colCount() > in) {
            throw new IllegalArgumentException(cls() + "." + where + ": columns [" + from + ", "
                    + (from + xPart.colCount()) + ") outside the input of " + in);
        }
        if (proj.colCount() != projectionSize() || proj.rowCount() != xPart.rowCount()) {
            throw new IllegalArgumentException(cls() + "." + where + ": xPart is " + Arrays.toString(xPart.shape())
                    + " but " + projName + " is " + Arrays.toString(proj.shape()) + " (expected [" + xPart.rowCount()
                    + ", "
                    + projectionSize() + "])");
        }
    }

    @Override
    public void forward(Tensor x, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache) {
        requireInput("forward");
        int b = stateIn.rank() == 3 ? stateIn.dim(1) : -1;
        if (x.colCount() != in || x.rowCount() != b) {
            throw new IllegalArgumentException(cls() + ".forward: x is " + Arrays.toString(x.shape())
                    + " but inputSize is " + in + " and stateIn is " + Arrays.toString(stateIn.shape()));
        }
        StepCache w = cache == null ? scratch : own(cache, "forward");
        w.prepare(b);
        projectInput(x, w.xProj);
        forwardProjected(w.xProj, stateIn, stateOut, mask, cache);
        if (cache != null) {
            cache.x = x;
        }
    }

    @Override
    public void backward(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dx) {
        StepCache c = own(cache, "backward");
        if (!c.filled) {
            throw new IllegalStateException(cls() + ".backward: the cache holds no forward step (backward before "
                    + "forward, or called twice)");
        }
        Tensor x = c.x;
        if (x == null) {
            throw new IllegalStateException(cls() + ".backward: the cache was filled by forwardProjected; use "
                    + "backwardProjected and backwardInput");
        }
        backwardProjected(c, dStateOut, dStateIn, c.dXProj);
        backwardInput(x, c.dXProj, dx, false);
    }

    @Override
    public final void forwardProjected(Tensor xProj, Tensor stateIn, Tensor stateOut, Tensor mask, StepCache cache) {
        int b = checkState("forwardProjected", "stateIn", stateIn, -1);
        checkState("forwardProjected", "stateOut", stateOut, b);
        checkRows("forwardProjected", "xProj", xProj, b, projectionSize());
        checkMask("forwardProjected", mask, b);
        StepCache w = cache == null ? scratch : own(cache, "forwardProjected");
        w.prepare(b);
        Tensor h = (cache == null ? scratchStateIn : cacheStateInView(cache)).h(stateIn, parts);
        Gemm.get().gemm(false, true, 1f, h, wh.value(), 0f, w.hProj);
        gatesForward(b, norm == null ? xProj : norm.forward(xProj, w), w, stateIn, stateOut);
        if (mask != null) {
            carryMasked(mask, b, stateIn, stateOut);
        }
        if (cache != null) {
            cache.filled = true;
            cache.stateIn = stateIn;
            cache.mask = mask;
            cache.x = null;
        }
    }

    @Override
    public final void backwardProjected(StepCache cache, Tensor dStateOut, Tensor dStateIn, Tensor dXProj) {
        StepCache c = own(cache, "backwardProjected");
        if (!c.filled) {
            throw new IllegalStateException(cls() + ".backwardProjected: the cache holds no forward step (backward "
                    + "before forward, or called twice)");
        }
        int b = c.batch;
        checkState("backwardProjected", "dStateOut", dStateOut, b);
        checkState("backwardProjected", "dStateIn", dStateIn, b);
        checkRows("backwardProjected", "dXProj", dXProj, b, projectionSize());
        Tensor dHp = dHProjScratch(b);
        Tensor dH = norm != null ? dHp : recurrentGradient(dXProj, dHp);
        gatesBackward(b, c, dStateOut, dStateIn, dXProj, dH);
        if (dH != dXProj && recurrentGradient(dXProj, dHp) == dXProj) {
            dH.copyFrom(dXProj); // the cell wrote one pre-activation gradient; the two projections share it
        }
        if (c.mask != null) {
            passMasked(c.mask, b, dStateOut, dStateIn, dXProj, dH);
        }
        afterGatesBackward(b, dH);
        if (norm != null) {
            norm.backward(c, dXProj, dH);
        }
        Gemm gemm = Gemm.get();
        Tensor hIn = cacheStateInView(c).h(c.stateIn, parts);
        gemm.gemm(false, false, 1f, dH, wh.value(), 1f, dStateInView.h(dStateIn, parts));
        gemm.gemm(true, false, 1f, dH, hIn, 1f, wh.grad());
        c.filled = false;
    }

    /**
     * Fused forward non-linearities: read {@code xProj} and {@code w.hProj}, write activations into
     * {@code w.gates} (and {@code w.extra}), and the new state into {@code stateOut}.
     */
    abstract void gatesForward(int b, Tensor xProj, StepCache w, Tensor stateIn, Tensor stateOut);

    /**
     * Whether a forward step into {@code w} will be followed by a backward one, so that the gates must keep what the
     * backward pass reads (activations, the recurrent projection); a forward-only step (inference) writes into the
     * cell's own scratch, which nothing reads back.
     */
    final boolean keepsForBackward(StepCache w) {
        return w != scratch;
    }

    /**
     * Fused backward: write {@code dXProj} (gradient w.r.t. the gate pre-activations' input part), {@code dH}
     * (w.r.t. the recurrent projection; may be the same tensor as {@code dXProj}) and the direct (non-matrix)
     * part of {@code dStateIn}, which the base class then completes with {@code dH·W_h}.
     */
    abstract void gatesBackward(int b, StepCache c, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH);

    /** The tensor receiving the recurrent-projection gradient: {@code dXProj} itself unless the cell needs both. */
    Tensor recurrentGradient(Tensor dXProj, Tensor scratchDh) {
        return dXProj;
    }

    /** Hook after masking, e.g. extra bias gradients from {@code dH}. */
    void afterGatesBackward(int b, Tensor dH) {}

    final String cls() {
        return getClass().getSimpleName();
    }

    private StepCache.StateView cacheStateInView(StepCache c) {
        return c.stateInView;
    }

    private Tensor dHProjScratch(int b) {
        if (dHProjBuf == null || dHProjBuf.rowCount() < b) {
            dHProjBuf = Tensor.zeros(Math.max(b, 1), projectionSize());
            dHProjRows = -1;
        }
        if (dHProjRows != b) {
            dHProj = dHProjBuf.rows(0, b);
            dHProjRows = b;
        }
        return dHProj;
    }

    private StepCache own(StepCache cache, String where) {
        if (cache.owner != this) {
            throw new IllegalArgumentException(
                    cls() + "." + where + ": the StepCache belongs to another cell (" + cache.owner.name() + ")");
        }
        return cache;
    }

    private void carryMasked(Tensor mask, int b, Tensor stateIn, Tensor stateOut) {
        for (int r = 0; r < b; r++) {
            if (mask.get(r) == 0f) {
                for (int p = 0; p < parts; p++) {
                    int off = (p * b + r) * hidden;
                    stateOut.buffer().put(stateOut.offset() + off, stateIn.buffer(), stateIn.offset() + off, hidden);
                }
            }
        }
    }

    private void passMasked(Tensor mask, int b, Tensor dStateOut, Tensor dStateIn, Tensor dXProj, Tensor dH) {
        for (int r = 0; r < b; r++) {
            if (mask.get(r) == 0f) {
                for (int p = 0; p < parts; p++) {
                    int off = (p * b + r) * hidden;
                    dStateIn.buffer()
                            .put(dStateIn.offset() + off, dStateOut.buffer(), dStateOut.offset() + off, hidden);
                }
                dXProj.rows(r, 1).zero();
                if (dH != dXProj) {
                    dH.rows(r, 1).zero();
                }
            }
        }
    }

    private int checkState(String where, String what, Tensor s, int b) {
        if (s.rank() != 3 || s.dim(0) != parts || s.dim(2) != hidden || (b >= 0 && s.dim(1) != b)) {
            throw new IllegalArgumentException(cls() + "." + where + ": " + what + " is " + Arrays.toString(s.shape())
                    + " but expected [" + parts + ", " + (b >= 0 ? String.valueOf(b) : "batch") + ", " + hidden + "]");
        }
        return s.dim(1);
    }

    private void checkRows(String where, String what, Tensor t, int b, int cols) {
        if (t.rowCount() != b || t.colCount() != cols) {
            throw new IllegalArgumentException(cls() + "." + where + ": " + what + " is " + Arrays.toString(t.shape())
                    + " but expected [" + b + ", " + cols + "]");
        }
    }

    private void checkMask(String where, Tensor mask, int b) {
        if (mask != null && mask.size() != b) {
            throw new IllegalArgumentException(
                    cls() + "." + where + ": mask is " + Arrays.toString(mask.shape()) + " but batch is " + b);
        }
    }
}
