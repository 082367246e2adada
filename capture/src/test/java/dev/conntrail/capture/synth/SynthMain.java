package dev.conntrail.capture.synth;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line for the generator (the benchmark's workloads):
 *
 * <pre>
 * java -cp CLASSPATH dev.conntrail.capture.synth.SynthMain --out FILE [--mode mixed|handshakes|syn-flood]
 *      [--seed N] [--connections N] [--concurrent N] [--packets N] [--ipv6-percent P]
 *      [--retransmit-percent P] [--gap-nanos N]
 * </pre>
 *
 * Prints the {@link SynthReport} as {@code key: value} lines.
 */
public final class SynthMain {
    private SynthMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        SynthConfig.Mode mode = SynthConfig.Mode.MIXED;
        long seed = 1;
        long connections = 1_000;
        int concurrent = 100;
        long packets = 20_000;
        Integer v6 = null;
        Integer retransmit = null;
        Long gap = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: SynthMain --out FILE [--mode mixed|handshakes|syn-flood] [--seed N]"
                        + " [--connections N] [--concurrent N] [--packets N] [--ipv6-percent P]"
                        + " [--retransmit-percent P] [--gap-nanos N]");
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--out":
                    out = Path.of(v);
                    break;
                case "--mode":
                    mode = SynthConfig.Mode.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
                    break;
                case "--seed":
                    seed = Long.parseLong(v);
                    break;
                case "--connections":
                    connections = Long.parseLong(v);
                    break;
                case "--concurrent":
                    concurrent = Integer.parseInt(v);
                    break;
                case "--packets":
                    packets = Long.parseLong(v);
                    break;
                case "--ipv6-percent":
                    v6 = Integer.parseInt(v);
                    break;
                case "--retransmit-percent":
                    retransmit = Integer.parseInt(v);
                    break;
                case "--gap-nanos":
                    gap = Long.parseLong(v);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        SynthConfig config = SynthConfig.of(mode, seed, connections, concurrent, packets);
        if (v6 != null) {
            config = config.withIpv6Percent(v6);
        }
        if (retransmit != null) {
            config = config.withRetransmitPercent(retransmit);
        }
        if (gap != null) {
            config = config.withGapNanos(gap);
        }
        long t0 = System.nanoTime();
        SynthReport report = SyntheticCapture.write(config, out);
        System.out.print(report.describe());
        System.out.printf(Locale.ROOT, "generated_in_seconds: %.1f%n", (System.nanoTime() - t0) / 1e9);
    }
}
