package dev.tolk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM as a request to stop cleanly: the first one sets {@link #requested()} (the trainer
 * polls it after every update, then checkpoints and stops) and calls a notice; a second one exits at once with
 * status {@value TrainCommand#EXIT_INTERRUPTED}. {@link #close()} restores the previous handlers. The JDK's
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK 17) is the only way to handle a signal
 * without ending the JVM; where it is missing, signals keep their default effect.
 */
final class StopSignals implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    /**
     * @param notice run once, on the first signal (e.g. prints what happens now)
     * @return the installed handlers; close to restore the previous ones
     */
    static StopSignals install(Runnable notice) {
        StopSignals s = new StopSignals();
        SignalHandler handler = sig -> {
            if (s.requested.compareAndSet(false, true)) {
                notice.run();
            } else {
                Runtime.getRuntime().halt(TrainCommand.EXIT_INTERRUPTED);
            }
        };
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, handler));
                s.signals.add(sig);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is not available here (or the JVM reserves it): it keeps its default effect
            }
        }
        return s;
    }

    /** @return whether a stop was requested */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
