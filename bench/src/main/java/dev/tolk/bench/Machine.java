package dev.tolk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the seq2seq benchmark reads about the machine from {@code /proc} (Linux), the same figures the peer
 * reports: peak resident memory, load average, and the share of the CPUs used by other processes while measuring.
 * Every reader returns {@code null} (or a null snapshot) where {@code /proc} is unavailable.
 */
public final class Machine {
    private Machine() {}

    /** Wall time, machine busy CPU-seconds and this process's CPU-seconds at one instant. */
    public record CpuSnapshot(double wallSeconds, double busySeconds, double ownSeconds) {}

    /** Peak resident set size in MB ({@code VmHWM} of {@code /proc/self/status}), or null. */
    public static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Math.round(Long.parseLong(kb) / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The one-minute load average ({@code /proc/loadavg}), or null. */
    public static Double loadAverage() {
        try {
            return Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A snapshot for {@link #otherProcessesCpuFraction}: machine busy time from the first line of {@code /proc/stat}
     * (all but idle and iowait, in USER_HZ = 100 ticks per second as on every Linux this runs on) and this JVM's
     * CPU time. Null when unavailable.
     */
    public static CpuSnapshot cpuSnapshot() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new CpuSnapshot(System.nanoTime() / 1e9, busy / 100.0, own / 1e9);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Fraction of the machine's CPUs used by other processes between two snapshots, or null. */
    public static Double otherProcessesCpuFraction(CpuSnapshot a, CpuSnapshot b) {
        if (a == null || b == null || b.wallSeconds() <= a.wallSeconds()) {
            return null;
        }
        double other = (b.busySeconds() - a.busySeconds()) - (b.ownSeconds() - a.ownSeconds());
        double frac = other
                / ((b.wallSeconds() - a.wallSeconds()) * Runtime.getRuntime().availableProcessors());
        return Math.round(Math.max(0, frac) * 1000) / 1000.0;
    }
}
