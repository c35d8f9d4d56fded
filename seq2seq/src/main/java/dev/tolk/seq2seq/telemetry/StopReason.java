package dev.tolk.seq2seq.telemetry;

/** Why a training run ended. */
public enum StopReason {
    /** {@code train.max_steps} updates were done. */
    MAX_STEPS,
    /** {@code train.epochs} passes were done. */
    EPOCHS_DONE,
    /** {@code train.early_stopping_patience} validations without improvement. */
    EARLY_STOPPING,
    /** The learning rate decayed to {@code train.min_lr} and the metric still did not improve. */
    MIN_LR,
    /** A loss, gradient or weight became NaN or infinite; the last good checkpoint is kept. */
    NON_FINITE,
    /** The run's wall-clock time budget was spent ({@code Trainer.timeBudget}). */
    TIME_BUDGET,
    /** The user interrupted the run. */
    INTERRUPTED,
    /** An error ended the run. */
    ERROR
}
