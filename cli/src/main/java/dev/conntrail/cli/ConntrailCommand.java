package dev.conntrail.cli;

import dev.conntrail.capture.pcap.LiveOptions;
import dev.conntrail.capture.wire.DecodeOptions;
import dev.conntrail.cli.output.Annotations;
import dev.conntrail.cli.output.EventPrinter;
import dev.conntrail.cli.output.Format;
import dev.conntrail.cli.output.GuardedStream;
import dev.conntrail.cli.output.JsonLinesPrinter;
import dev.conntrail.cli.output.LocalNets;
import dev.conntrail.cli.output.TextPrinter;
import dev.conntrail.cli.output.ZeekJsonPrinter;
import dev.conntrail.cli.output.ZeekLogPrinter;
import dev.conntrail.cli.process.ProcessAnnotator;
import dev.conntrail.cli.process.ProcessResolver;
import dev.conntrail.tracker.ServerPorts;
import dev.conntrail.tracker.Timeouts;
import dev.conntrail.tracker.TrackerConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code conntrail} command: options, then the run they ask for. */
@Command(name = "conntrail", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Tracks TCP connections in packet captures: which opened, how they were established, "
                + "how much went each way, and how each ended.",
            "",
            "  conntrail -r capture.pcap                  read a pcap or pcapng file ('-' for standard input)",
            "  conntrail -r capture.pcap 'port 443'       with a tcpdump filter expression",
            "  conntrail -r capture.pcap --format json    JSON Lines, one event per line",
            "  sudo conntrail -i eth0 'port 443'          live: events the moment they happen",
            "  sudo conntrail -i eth0 -Z $USER -f json -o events.jsonl   live, JSON to a file, root dropped",
            "",
            "Live capture needs root or CAP_NET_RAW (see docs/live-capture.md). With neither -r nor -i, "
                + "conntrail captures on the first interface that is up and not a loopback, as tcpdump does.",
            ""},
        footerHeading = "%nExit status:%n",
        footer = {"  0  ok (also when stopped by Ctrl-C, SIGTERM, -c or --duration)",
            "  1  bad input: a file or interface that cannot be read, a damaged capture, a bad filter",
            "  2  usage: an unknown option or a bad option value"})
final class ConntrailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--read"}, paramLabel = "FILE",
            description = "Read packets from a pcap or pcapng file ('-' for standard input). Repeat to read "
                    + "several files in order into one run.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Capture live on IFACE ('any' for all interfaces). Cannot be combined with -r.")
    String iface;

    @Option(names = {"-D", "--list-interfaces"},
            description = "List the interfaces conntrail can capture on, with their addresses, and exit.")
    boolean listInterfaces;

    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "A tcpdump (libpcap) filter expression: only matching packets are tracked.")
    List<String> filterWords = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "Output format: text (default), json (JSON Lines), zeek (conn.log), zeek-json.")
    Format format = Format.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Append events to FILE (flushed as they happen, so tail -f follows it) instead of "
                    + "standard output.")
    Path output;

    @Option(names = {"-c", "--count"}, paramLabel = "N", description = "Stop after N packets (those that pass the filter).")
    long count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Live: stop after this long (e.g. 30s, 10m), as Ctrl-C would.")
    Duration duration;

    @Option(names = {"-p", "--no-promiscuous-mode"},
            description = "Live: do not put the interface into promiscuous mode (see only this host's traffic).")
    boolean noPromiscuous;

    @Option(names = {"-s", "--snapshot-length"}, paramLabel = "SNAPLEN",
            description = "Live: bytes kept of each packet (default ${DEFAULT-VALUE}; conntrail needs headers, not "
                    + "payload, and a small snapshot fits more packets in the buffer).")
    int snaplen = LiveOptions.DEFAULT_SNAPLEN;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "SIZE", converter = SizeParser.class,
            description = "Live: kernel capture buffer, in KiB as in tcpdump, or with a unit (32m). Default 32m.")
    int bufferBytes = LiveOptions.DEFAULT_BUFFER_BYTES;

    @Option(names = "--stats-interval", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Live: print the capture statistics (received, dropped) to standard error this often.")
    Duration statsInterval;

    @Option(names = {"-Z", "--relinquish-privileges"}, paramLabel = "USER",
            description = "Live, started as root: become USER (its uid, gid and groups) once the capture is open, "
                    + "so that no packet is decoded as root.")
    String user;

    @Option(names = "--verify-checksums",
            description = "Live: verify TCP checksums (off by default live: with checksum offload every packet "
                    + "the host sends looks bad).")
    boolean verifyChecksums;

    @Option(names = {"-l", "--line-buffered"},
            description = "Write out every event at once, even while reading a file as fast as it can be read.")
    boolean lineBuffered;

    @Option(names = "--summary", description = "At the end, print a table of every connection and the run's totals.")
    boolean summary;

    @Option(names = {"-v", "--verbose"}, description = "At the end, print the run's totals to standard error: "
            + "packets read, skipped or malformed by reason, connections by how they ended, anomalies.")
    boolean verbose;

    @Option(names = "--timeouts", paramLabel = "PRESET",
            description = "Timeout preset: conntrail (default) or zeek (Zeek's defaults, to compare row by row).")
    String timeoutPreset = "conntrail";

    @Option(names = "--attempt-timeout", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Give up on an unanswered SYN after this long (default 120s; zeek: 5s from the first SYN).")
    Duration attemptTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Drop an idle established connection after this long (default 2h; zeek: 5m).")
    Duration idleTimeout;

    @Option(names = "--half-closed-timeout", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Drop a connection idle after one side's FIN after this long (default 120s).")
    Duration halfClosedTimeout;

    @Option(names = "--linger", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Keep a closed connection this long to absorb stray segments (default 10s; zeek: 5s).")
    Duration linger;

    @Option(names = "--update-interval", paramLabel = "DURATION", converter = DurationParser.class,
            description = "Report every open connection this often, with its counters so far (update events).")
    Duration updateInterval;

    @Option(names = "--vlan-aware",
            description = "Make VLAN IDs part of the connection key (Zeek's vlan_fivetuple), for trunks where the "
                    + "same addresses live on several VLANs.")
    boolean vlanAware;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Connection table capacity (default ${DEFAULT-VALUE}); when full, the connection "
                    + "nearest its timeout is evicted and reported as such.")
    int maxConnections = TrackerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--server-ports", paramLabel = "PORTS", converter = PortList.class,
            description = "Ports taken as the server's side when a connection is seen without its SYN: a list "
                    + "like 80,443,8000-8099, 'default' (well-known ports and common services) or 'none'.")
    BitSet serverPorts;

    @Option(names = "--local-nets", paramLabel = "CIDRS",
            description = "Local networks (e.g. 10.0.0.0/8,fd00::/8): fill Zeek's local_orig and local_resp.")
    String localNets;

    @Option(names = "--reader", paramLabel = "READER",
            description = "How to read files: java (default; fast, needs no libpcap) or libpcap.")
    String reader = "java";

    @Option(names = "--no-checksums", description = "Do not verify TCP checksums (they are never a reason to drop a "
            + "packet). Live captures do not verify them unless --verify-checksums is given.")
    boolean noChecksums;

    @Option(names = "--utc", description = "Print times of day in UTC instead of the local time zone (text format).")
    boolean utc;

    @Option(names = {"-P", "--processes"},
            description = "Live captures: name the process (command, PID, user) at each end of a connection that "
                    + "ends on this host or in one of its network namespaces, as lsof does; '?' and a reason "
                    + "where it cannot be known. See docs/processes.md.")
    boolean processes;

    /** Options that only mean something for a live capture. */
    private static final String[] LIVE_ONLY = {"--duration", "--no-promiscuous-mode", "--snapshot-length",
        "--buffer-size", "--stats-interval", "--relinquish-privileges", "--verify-checksums"};

    @Override
    public Integer call() {
        if (processes && !files.isEmpty()) {
            throw new UserError("-P/--processes needs a live capture: a capture file does not record which "
                    + "process owned a socket", ExitCodes.USAGE);
        }
        if (listInterfaces) {
            return InterfaceList.print(spec.commandLine().getOut());
        }
        if (!files.isEmpty() && iface != null) {
            throw new UserError("-r and -i are mutually exclusive: read a file or capture live, not both",
                    ExitCodes.USAGE);
        }
        TrackerConfig config = trackerConfig();
        String filter = filterWords.isEmpty() ? null : String.join(" ", filterWords);
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty()) {
            return live(config, filter, err);
        }
        for (String option : LIVE_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserError(option + " applies to live captures (-i), not to -r", ExitCodes.USAGE);
            }
        }
        try (GuardedStream out = openOutput()) {
            EventPrinter printer = printer(out, lineBuffered || output != null, Annotations.NONE);
            OfflineRun run = new OfflineRun(files, filter, reader, decodeOptions(), config, printer, err,
                    endOfRun(err), count);
            return run.run();
        }
    }

    private int live(TrackerConfig config, String filter, PrintWriter err) {
        if (snaplen < 1 || snaplen > 262144) {
            throw new UserError("--snapshot-length must be between 1 and 262144", ExitCodes.USAGE);
        }
        if (count < 0) {
            throw new UserError("--count must not be negative", ExitCodes.USAGE);
        }
        if (duration != null && duration.isZero()) {
            throw new UserError("--duration must be longer than 0", ExitCodes.USAGE);
        }
        if (statsInterval != null && statsInterval.toMillis() < 1) {
            throw new UserError("--stats-interval must be at least 1ms", ExitCodes.USAGE);
        }
        LiveSettings settings = new LiveSettings(iface, filter, snaplen, bufferBytes, !noPromiscuous, count, duration,
                statsInterval, user);
        GuardedStream[] opened = new GuardedStream[1];
        ProcessResolver resolver = processes ? processResolver(err) : null;
        // Events are written out one by one: a live run is for watching, or for a file another tool tails.
        LiveRun.Printers printers = new LiveRun.Printers() {
            @Override
            public EventPrinter open(Annotations annotations) {
                opened[0] = openOutput();
                if (resolver == null) {
                    return printer(opened[0], true, annotations);
                }
                return new ProcessAnnotator(resolver, System::nanoTime, ProcessAnnotator.OPENED_WAIT_NANOS,
                        annotations, withProcesses -> printer(opened[0], true, withProcesses));
            }

            @Override
            public EventPrinter discarding() {
                return printer(OutputStream.nullOutputStream(), true, Annotations.NONE);
            }
        };
        DecodeOptions decode = DecodeOptions.DEFAULTS.withVerifyChecksums(verifyChecksums && !noChecksums);
        try {
            return new LiveRun(settings, decode, config, printers, err, endOfRun(err), ConntrailCommand::wallNanos)
                    .run();
        } finally {
            if (resolver != null) {
                resolver.close();
                if (verbose) {
                    err.println("conntrail: -P: " + resolver.summary());
                }
            }
            if (opened[0] != null) {
                try {
                    opened[0].close();
                } catch (RuntimeException e) {
                    // the output is gone; nothing more can be written to it anyway
                }
            }
        }
    }

    /**
     * {@code -P}: the resolver, its starting index read before the capture opens (and before {@code -Z} gives
     * up the root that reading every process's descriptors needs).
     */
    private ProcessResolver processResolver(PrintWriter err) {
        if (format != Format.TEXT && format != Format.JSON) {
            throw new UserError("-P/--processes names processes in text and json output; the Zeek formats have "
                    + "fixed columns", ExitCodes.USAGE);
        }
        Path proc = Path.of("/proc");
        if (!ProcessResolver.available(proc)) {
            throw new UserError("-P/--processes needs Linux's /proc to find the processes behind sockets");
        }
        if (user != null) {
            err.println("conntrail: -P with -Z: once root is given up, only " + user + "'s processes can be named");
        }
        // This thread goes on to capture: the sooner it sees a SYN, the likelier the socket is still there.
        ProcessResolver.raiseThreadPriority();
        return new ProcessResolver(proc, Path.of("/etc/passwd"), ProcessResolver.SocketSource.NETLINK,
                System::nanoTime, err).start();
    }

    /** The wall clock, in the unit and epoch of packet timestamps: the one clock a live run needs. */
    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    TrackerConfig trackerConfig() {
        Timeouts t;
        try {
            t = Timeouts.preset(timeoutPreset);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        if (attemptTimeout != null) {
            t = t.withAttempt(attemptTimeout);
        }
        if (idleTimeout != null) {
            t = t.withEstablished(idleTimeout);
        }
        if (halfClosedTimeout != null) {
            t = t.withHalfClosed(halfClosedTimeout);
        }
        if (linger != null) {
            t = t.withClosedLinger(linger);
        }
        if (maxConnections < 1 || maxConnections > TrackerConfig.MAX_CONNECTIONS) {
            throw new UserError("--max-connections must be between 1 and " + TrackerConfig.MAX_CONNECTIONS,
                    ExitCodes.USAGE);
        }
        return new TrackerConfig(t, vlanAware, serverPorts != null ? serverPorts : ServerPorts.defaults(),
                format.zeekRows() ? TrackerConfig.ClosedReport.AT_REMOVAL : TrackerConfig.ClosedReport.AT_CLOSE,
                updateInterval != null ? updateInterval : Duration.ZERO, maxConnections);
    }

    DecodeOptions decodeOptions() {
        return DecodeOptions.DEFAULTS.withVerifyChecksums(!noChecksums);
    }

    /** The summary goes with text events on standard output; beside any other format, to standard error. */
    private EndOfRun endOfRun(PrintWriter err) {
        return new EndOfRun(summary, format == Format.TEXT ? spec.commandLine().getOut() : err, err, verbose);
    }

    private GuardedStream openOutput() {
        if (output == null) {
            return new GuardedStream(new FileOutputStream(FileDescriptor.out));
        }
        try {
            return new GuardedStream(Files.newOutputStream(output, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UserError(output + ": cannot open for writing (" + e.getClass().getSimpleName().replace("Exception", "")
                    + (e.getMessage() != null && !e.getMessage().equals(output.toString()) ? ": " + e.getMessage() : "") + ")");
        }
    }

    EventPrinter printer(OutputStream out, boolean flushEach, Annotations annotations) {
        LocalNets local;
        try {
            local = localNets == null ? LocalNets.NONE : LocalNets.parse(localNets);
        } catch (IllegalArgumentException e) {
            throw new UserError("--local-nets: " + e.getMessage(), ExitCodes.USAGE);
        }
        switch (format) {
            case JSON:
                return new JsonLinesPrinter(out, flushEach, annotations);
            case ZEEK:
                return new ZeekLogPrinter(out, flushEach, local, Instant.now());
            case ZEEK_JSON:
                return new ZeekJsonPrinter(out, flushEach, local);
            case TEXT:
            default:
                return new TextPrinter(out, flushEach, utc ? ZoneOffset.UTC : ZoneId.systemDefault(), annotations);
        }
    }

    /** picocli converter for {@link Format}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
