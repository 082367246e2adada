package dev.conntrail.cli.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.segment.IpAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The resolver on this machine's own /proc, both socket sources, for connections that stay open: what the
 * fixture tests assume about the kernel's files and sock_diag's answers, checked against the real thing.
 * Needs Linux and python3; no privileges (the processes are the test's own).
 */
class RealProcTest {

    static void assumeLinux() {
        assumeTrue(ProcessResolver.available(Path.of("/proc")), "no /proc here");
    }

    @Test
    void heldLoopbackConnection_bothEndsNamed_netlink() {
        heldLoopbackConnection(ProcessResolver.SocketSource.NETLINK, "127.0.0.1");
    }

    @Test
    void heldLoopbackConnection_bothEndsNamed_procNetTcp() {
        heldLoopbackConnection(ProcessResolver.SocketSource.PROC, "127.0.0.1");
    }

    @Test
    void heldLoopbackConnection_ipv6() {
        heldLoopbackConnection(ProcessResolver.SocketSource.NETLINK, "::1");
        heldLoopbackConnection(ProcessResolver.SocketSource.PROC, "::1");
    }

    void heldLoopbackConnection(ProcessResolver.SocketSource source, String address) {
        assumeLinux();
        try (Script server = Script.start(null, "ct_server.py", "ct-held-srv", address)) {
            int port = Integer.parseInt(server.line(10).split(" ")[1]);
            try (Script client = Script.start(null, "ct_client.py", "ct-held-cli", address, Integer.toString(port),
                    "0", "0")) {
                int clientPort = Integer.parseInt(client.line(10).split(" ")[1]);
                check(source, address, server, port, client, clientPort);
            }
        }
    }

    static void check(ProcessResolver.SocketSource source, String address, Script server, int port, Script client,
                      int clientPort) {
        ProcessResolver r = new ProcessResolver(Path.of("/proc"), Path.of("/etc/passwd"), source,
                System::nanoTime, new java.io.PrintWriter(System.err, true));
        r.prime();
        Owners o = r.resolve(new FourTuple(IpAddress.parse(address), clientPort, IpAddress.parse(address), port));
        r.close();
        ProcessOwner c = assertInstanceOf(ProcessOwner.class, o.orig(), o.toString());
        ProcessOwner s = assertInstanceOf(ProcessOwner.class, o.resp(), o.toString());
        assertEquals(client.pid(), c.pid());
        assertEquals("ct-held-cli", c.command());
        assertEquals(server.pid(), s.pid());
        assertEquals("ct-held-srv", s.command());
    }
}
