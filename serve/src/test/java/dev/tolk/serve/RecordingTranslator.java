package dev.tolk.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SentenceTranslator} decorator for tests: records the size of every batch the model saw, can hold the
 * batcher inside {@link #translate} until released (so requests pile up deterministically), and fails any batch
 * holding {@link #FAIL}.
 */
final class RecordingTranslator implements SentenceTranslator {
    /** A sentence that makes the batch holding it fail. */
    static final String FAIL = "please fail this batch";

    private final SentenceTranslator inner;
    private final List<Integer> batchSizes = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch inside = new CountDownLatch(0);

    RecordingTranslator(SentenceTranslator inner) {
        this.inner = inner;
    }

    /** Makes the next {@link #translate} calls wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
        inside = new CountDownLatch(1);
    }

    /** Waits until a held call is inside {@link #translate}. */
    void awaitHeld() throws InterruptedException {
        if (!inside.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached the translator");
        }
    }

    void release() {
        gate.countDown();
    }

    synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    @Override
    public List<Translation> translate(List<String> texts, DecodeSettings settings) {
        synchronized (this) {
            batchSizes.add(texts.size());
        }
        inside.countDown();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the translator");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (texts.contains(FAIL)) {
            throw new IllegalStateException("failing as asked");
        }
        return inner.translate(texts, settings);
    }

    @Override
    public int sourceTokens(String text) {
        return inner.sourceTokens(text);
    }

    @Override
    public ModelInfo model() {
        return inner.model();
    }
}
