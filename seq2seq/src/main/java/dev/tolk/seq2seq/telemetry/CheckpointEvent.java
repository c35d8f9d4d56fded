package dev.tolk.seq2seq.telemetry;

import java.nio.file.Path;

/**
 * A checkpoint was written.
 *
 * @param step the checkpoint's step
 * @param file where it was written
 * @param best whether it is the best so far
 */
public record CheckpointEvent(long step, Path file, boolean best) {}
