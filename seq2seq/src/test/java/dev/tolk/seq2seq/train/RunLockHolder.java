package dev.tolk.seq2seq.train;

import java.nio.file.Path;
import java.time.Clock;

/** Another process holding a model directory: locks it, says so, and keeps it until its standard input closes. */
public final class RunLockHolder {
    private RunLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), Clock.systemUTC(), w -> {})) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our input
            }
        }
    }
}
