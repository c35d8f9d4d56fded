package dev.tolk.seq2seq.telemetry;

/**
 * The run ended.
 *
 * @param step updates done
 * @param reason why
 * @param detail a one-line explanation for people (e.g. the {@link NonFiniteReport} message)
 */
public record StopEvent(long step, StopReason reason, String detail) {}
