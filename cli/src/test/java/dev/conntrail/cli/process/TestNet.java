package dev.conntrail.cli.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces for a test, each joined to conntrail's namespace by a veth pair on a 198.18.0.0/15
 * (RFC 2544 benchmarking) subnet of its own: traffic never leaves the machine. Everything made is removed
 * by {@link #close()}.
 */
final class TestNet implements AutoCloseable {
    /** One namespace and its link: {@code hostAddress} on conntrail's side, {@code nsAddress} inside. */
    record Link(String netns, String hostIface, String hostAddress, String nsAddress) {
    }

    private final String prefix;
    private final List<Link> links = new ArrayList<>();

    TestNet() {
        this.prefix = "ctp" + (ProcessHandle.current().pid() % 100_000);
    }

    /**
     * Why namespaces cannot be made here, or null when they can: needs root, the {@code ip} tool and
     * python3.
     */
    static String unavailable() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return "no /proc/self/status (not Linux)";
        }
        if (ProcessTable.effectiveUid(status) != 0) {
            return "not root (ip netns and live capture need it)";
        }
        if (run("ip", "netns", "list") != 0) {
            return "'ip netns' does not work here";
        }
        if (run("python3", "-c", "pass") != 0) {
            return "python3 is missing";
        }
        return null;
    }

    /** Makes namespace number {@code n} (0..99) with its veth pair and addresses. */
    Link add(int n) {
        String ns = prefix + "-" + n;
        String host = prefix + "h" + n;
        String peer = prefix + "n" + n;
        String subnet = "198.18." + (100 + n) + ".";
        Link link = new Link(ns, host, subnet + "1", subnet + "2");
        links.add(link);
        must("ip", "netns", "add", ns);
        must("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns);
        must("ip", "addr", "add", link.hostAddress + "/24", "dev", host);
        must("ip", "link", "set", host, "up");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", link.nsAddress + "/24", "dev", peer);
        must("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        return link;
    }

    @Override
    public void close() {
        for (Link l : links) {
            run("ip", "link", "del", l.hostIface);
            run("ip", "netns", "del", l.netns);
        }
        links.clear();
    }

    private static void must(String... cmd) {
        if (run(cmd) != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }

    static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            if (p.exitValue() != 0 && !out.isBlank() && !cmd[0].equals("python3")) {
                System.err.println("[" + String.join(" ", cmd) + "] " + out.trim());
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
