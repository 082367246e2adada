package dev.conntrail.cli.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Two network namespaces joined by a veth pair, with IPv4 and IPv6 addresses: a server end and a client
 * end, private to one test run (names carry the test JVM's pid) and removed by {@link #close()}.
 *
 * <pre>
 *   [ctl-PID-s]  ctlPIDs 198.18.0.1/24 fd0c:7a11::1/64  <==veth==>  ctlPIDc 198.18.0.2/24 fd0c:7a11::2/64  [ctl-PID-c]
 * </pre>
 *
 * 198.18.0.0/15 is set aside for benchmarking (RFC 2544) and fd00::/8 is unique-local: neither leaves the
 * namespaces. Child JVMs run from a world-readable copy of the test classpath, so that they can also run as
 * an unprivileged user.
 */
final class VethLab implements AutoCloseable {
    static final String SERVER_V4 = "198.18.0.1";
    static final String CLIENT_V4 = "198.18.0.2";
    static final String SERVER_V6 = "fd0c:7a11::1";
    static final String CLIENT_V6 = "fd0c:7a11::2";
    static final int PORT = 7001;
    static final int CLOSED_PORT = 7009;
    /** Numeric, so that it works whatever the distribution calls the unprivileged user and group. */
    static final String NOBODY = "65534";

    private static final String PREFIX = "ctl-";

    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    final Path runtime;
    private final String classpath;
    private final Path jnaTmp;
    private final List<Child> children = new ArrayList<>();

    private VethLab(long id) throws IOException {
        serverNs = PREFIX + id + "-s";
        clientNs = PREFIX + id + "-c";
        serverIf = "ctl" + id + "s";
        clientIf = "ctl" + id + "c";
        runtime = Files.createTempDirectory("conntrail-live-");
        classpath = copyClasspath(runtime);
        jnaTmp = Files.createDirectories(runtime.resolve("jna"));
        Files.setPosixFilePermissions(jnaTmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /**
     * Why this machine cannot host the lab (not root, no {@code ip netns}), or null if it can. Probes by
     * creating and deleting a namespace.
     */
    static String missingRights() {
        try {
            String uid = new String(run("id", "-u").getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!uid.equals("0")) {
                return "not root (uid " + uid + "): creating network namespaces needs root";
            }
            String probe = PREFIX + "probe-" + ProcessHandle.current().pid();
            Process add = run("ip", "netns", "add", probe);
            if (add.exitValue() != 0) {
                return "'ip netns add' failed: " + new String(add.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException e) {
            return "cannot run 'id' or 'ip': " + e.getMessage();
        }
    }

    static VethLab create() throws IOException {
        removeStale();
        VethLab lab = new VethLab(ProcessHandle.current().pid());
        try {
            lab.sh("ip netns add " + lab.serverNs);
            lab.sh("ip netns add " + lab.clientNs);
            lab.sh("ip link add " + lab.serverIf + " type veth peer name " + lab.clientIf);
            lab.sh("ip link set " + lab.serverIf + " netns " + lab.serverNs);
            lab.sh("ip link set " + lab.clientIf + " netns " + lab.clientNs);
            lab.sh("ip -n " + lab.serverNs + " addr add " + SERVER_V4 + "/24 dev " + lab.serverIf);
            lab.sh("ip -n " + lab.clientNs + " addr add " + CLIENT_V4 + "/24 dev " + lab.clientIf);
            lab.sh("ip -n " + lab.serverNs + " addr add " + SERVER_V6 + "/64 dev " + lab.serverIf + " nodad");
            lab.sh("ip -n " + lab.clientNs + " addr add " + CLIENT_V6 + "/64 dev " + lab.clientIf + " nodad");
            for (String ns : List.of(lab.serverNs, lab.clientNs)) {
                lab.sh("ip -n " + ns + " link set lo up");
            }
            lab.sh("ip -n " + lab.serverNs + " link set " + lab.serverIf + " up");
            lab.sh("ip -n " + lab.clientNs + " link set " + lab.clientIf + " up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Namespaces left by a test JVM that died before its cleanup (its pid is gone). */
    private static void removeStale() throws IOException {
        Process list = run("ip", "netns", "list");
        for (String line : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String name = line.split(" ")[0];
            if (!name.startsWith(PREFIX) || name.startsWith(PREFIX + "probe")) {
                continue;
            }
            String[] parts = name.split("-");
            try {
                long pid = Long.parseLong(parts[1]);
                if (ProcessHandle.of(pid).isEmpty()) {
                    run("ip", "netns", "del", name);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // not one of ours
            }
        }
    }

    /** Runs a command in the server namespace, as root. */
    Child inServer(String... command) throws IOException {
        return start(serverNs, List.of(), command);
    }

    /** Runs a command in the client namespace, as root. */
    Child inClient(String... command) throws IOException {
        return start(clientNs, List.of(), command);
    }

    /** Runs a command in the server namespace through {@code setpriv} with these options (e.g. another user). */
    Child inServerAs(List<String> setpriv, String... command) throws IOException {
        List<String> prefix = new ArrayList<>();
        prefix.add("setpriv");
        prefix.addAll(setpriv);
        return start(serverNs, prefix, command);
    }

    /** {@code java -cp <runtime copy> ...} with the options every child JVM gets. */
    String[] java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "-Djna.tmpdir=" + jnaTmp, "-cp", classpath, mainClass));
        cmd.addAll(Arrays.asList(args));
        return cmd.toArray(new String[0]);
    }

    private Child start(String ns, List<String> prefix, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(prefix);
        cmd.addAll(Arrays.asList(command));
        Child c = Child.start(cmd);
        synchronized (children) {
            children.add(c);
        }
        return c;
    }

    @Override
    public void close() {
        synchronized (children) {
            for (Child c : children) {
                c.kill();
            }
        }
        for (String ns : List.of(serverNs, clientNs)) {
            try {
                run("ip", "netns", "del", ns); // takes its end of the veth pair, and so the pair, with it
            } catch (IOException e) {
                // best effort; removeStale() catches what is left
            }
        }
        try (Stream<Path> files = Files.walk(runtime)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }

    private void sh(String command) throws IOException {
        Process p = run(command.split(" "));
        if (p.exitValue() != 0) {
            throw new IOException(command + ": " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private static Process run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p;
    }

    /**
     * Copies every class directory and jar of this JVM's classpath (expanding surefire's manifest-only jar)
     * into {@code dir}, readable by everyone; returns the copy's classpath.
     */
    private static String copyClasspath(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(e);
            entries.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String ref : cp.trim().split("\\s+")) {
                            entries.add(ref.startsWith("file:") ? Paths.get(URI.create(ref)) : p.resolveSibling(ref));
                        }
                    }
                }
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> copied = new ArrayList<>();
        int n = 0;
        for (Path e : entries) {
            if (!Files.exists(e)) {
                continue;
            }
            Path target = dir.resolve(n++ + "-" + e.getFileName());
            if (Files.isDirectory(e)) {
                try (Stream<Path> tree = Files.walk(e)) {
                    for (Path from : (Iterable<Path>) tree::iterator) {
                        Path to = target.resolve(e.relativize(from).toString());
                        if (Files.isDirectory(from)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(from, to);
                        }
                    }
                }
            } else {
                Files.copy(e, target);
            }
            copied.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                try {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        }
        return String.join(java.io.File.pathSeparator, copied);
    }

    /** Reads a stream to the end in the background, keeping each line with the wall-clock time it arrived. */
    static Thread collect(InputStream in, Lines into) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                into.end();
            }
        }, "collect");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
