package dev.tolk.seq2seq.telemetry;

import java.util.List;

/**
 * Receives training events, on the training thread, in order. Every method does nothing by default. Listeners
 * must not throw for routine problems (a full disk for logs is reported, not fatal); a thrown exception ends the
 * run.
 */
public interface TrainingListener {

    /** @param event progress after an update */
    default void onStep(StepEvent event) {}

    /** @param event a validation result */
    default void onValidation(ValidationEvent event) {}

    /** @param event a checkpoint was written */
    default void onCheckpoint(CheckpointEvent event) {}

    /** @param event the run ended */
    default void onStop(StopEvent event) {}

    /**
     * @param listeners receivers, called in this order
     * @return a listener forwarding every event to each of {@code listeners}
     */
    static TrainingListener all(List<TrainingListener> listeners) {
        List<TrainingListener> copy = List.copyOf(listeners);
        return new TrainingListener() {
            @Override
            public void onStep(StepEvent event) {
                copy.forEach(l -> l.onStep(event));
            }

            @Override
            public void onValidation(ValidationEvent event) {
                copy.forEach(l -> l.onValidation(event));
            }

            @Override
            public void onCheckpoint(CheckpointEvent event) {
                copy.forEach(l -> l.onCheckpoint(event));
            }

            @Override
            public void onStop(StopEvent event) {
                copy.forEach(l -> l.onStop(event));
            }
        };
    }
}
