package dev.tolk.serve;

import java.nio.file.Path;
import java.util.List;

/** {@link TinyModel} for tests in other packages. */
public final class TinyModelAccess {
    public static final int STEPS = TinyModel.STEPS;
    public static final int VALIDATE_EVERY = TinyModel.VALIDATE_EVERY;

    private TinyModelAccess() {}

    public static Path dir() {
        return TinyModel.dir();
    }

    public static List<String> testSentences() {
        return TinyModel.testSentences();
    }
}
