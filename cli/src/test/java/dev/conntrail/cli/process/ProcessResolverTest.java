package dev.conntrail.cli.process;

import static dev.conntrail.cli.process.KernelTcpState.ESTABLISHED;
import static dev.conntrail.cli.process.KernelTcpState.LISTEN;
import static dev.conntrail.cli.process.KernelTcpState.SYN_RECV;
import static dev.conntrail.cli.process.KernelTcpState.SYN_SENT;
import static dev.conntrail.cli.process.KernelTcpState.TIME_WAIT;
import static dev.conntrail.cli.process.ProcFixture.HOST_NETNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.conntrail.tracker.event.FourTuple;
import dev.conntrail.tracker.segment.IpAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The resolver against procfs trees built per test (see {@link ProcFixture}), socket tables read from
 * {@code net/tcp}. Cast: conntrail is PID 100; {@code curl} (200, alice) connects to {@code node} (300, bob),
 * which listens on port 5173.
 */
class ProcessResolverTest {
    static final int CURL = 200;
    static final int NODE = 300;
    static final int WORKER = 301;
    static final int NGINX = 400;
    static final long CONTAINER_NETNS = 4026532999L;

    final ProcFixture proc = new ProcFixture();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @AfterEach
    void cleanUp() {
        proc.close();
    }

    ProcessResolver resolver() {
        ProcessResolver r = new ProcessResolver(proc.root, proc.passwd, ProcessResolver.SocketSource.PROC, clock::get, null);
        r.prime();
        clock.addAndGet(1_000_000_000L); // past the pause that the first full pass earns
        return r;
    }

    static FourTuple tuple(String orig, int origPort, String resp, int respPort) {
        return new FourTuple(IpAddress.parse(orig), origPort, IpAddress.parse(resp), respPort);
    }

    static void assertOwner(Attribution a, int pid, String command, String user) {
        ProcessOwner p = assertInstanceOf(ProcessOwner.class, a, () -> "expected a process, got " + a);
        assertEquals(pid, p.pid());
        assertEquals(command, p.command());
        assertEquals(user, p.user());
    }

    /** curl and node on this host, node listening on 127.0.0.1:5173. */
    void loopbackCast() {
        proc.process(CURL, "curl", 1000, HOST_NETNS).process(NODE, "node", 1001, HOST_NETNS)
                .socketFd(NODE, 3, 7001)
                .socket("127.0.0.1", 5173, "0.0.0.0", 0, LISTEN, 1001, 7001);
    }

    @Nested
    class AtTheSyn {
        @Test
        void synSent_andRequestSocket_nameClientBySocketAndServerByListener() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001)
                    .socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001)
                    .socket("127.0.0.1", 5173, "127.0.0.1", 51234, SYN_RECV, 0, 0);
            Owners o = resolver().resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173));
            assertOwner(o.orig(), CURL, "curl", "alice");
            assertOwner(o.resp(), NODE, "node", "bob");
        }

        @Test
        void synSent_beforeTheServerHasARequestSocket_serverByListener() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001).socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            Owners o = resolver().resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173));
            assertOwner(o.resp(), NODE, "node", "bob");
        }

        @Test
        void wildcardListener_answersForAnyLocalAddress() {
            proc.process(NODE, "node", 1001, HOST_NETNS).socketFd(NODE, 3, 7001)
                    .socket("0.0.0.0", 8080, "0.0.0.0", 0, LISTEN, 1001, 7001);
            Owners o = resolver().resolve(tuple("192.0.2.7", 40000, "10.0.0.5", 8080));
            assertEquals(Unknown.NOT_LOCAL, o.orig());
            assertOwner(o.resp(), NODE, "node", "bob");
        }

        @Test
        void dualStackListener_answersForIpv4() {
            proc.process(NODE, "node", 1001, HOST_NETNS).socketFd(NODE, 3, 7001)
                    .socket("::", 8080, "::", 0, LISTEN, 1001, 7001);
            Owners o = resolver().resolve(tuple("192.0.2.7", 40000, "10.0.0.5", 8080));
            assertOwner(o.resp(), NODE, "node", "bob");
        }
    }

    @Nested
    class Accepted {
        @Test
        void acceptedSocketInAnotherProcess_namesTheAcceptor() {
            loopbackCast();
            proc.process(WORKER, "node-worker", 1001, HOST_NETNS).socketFd(WORKER, 9, 8002).socketFd(CURL, 5, 8001)
                    .socket("127.0.0.1", 51234, "127.0.0.1", 5173, ESTABLISHED, 1000, 8001)
                    .socket("127.0.0.1", 5173, "127.0.0.1", 51234, ESTABLISHED, 1001, 8002);
            Owners o = resolver().resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173));
            assertOwner(o.resp(), WORKER, "node-worker", "bob");
        }

        @Test
        void ipv6_bothEnds() {
            proc.process(CURL, "curl", 1000, HOST_NETNS).process(NODE, "node", 1001, HOST_NETNS)
                    .socketFd(NODE, 3, 7001).socketFd(CURL, 4, 8001).socketFd(NODE, 6, 8002)
                    .socket("::", 5173, "::", 0, LISTEN, 1001, 7001)
                    .socket("::1", 40100, "::1", 5173, ESTABLISHED, 1000, 8001)
                    .socket("::1", 5173, "::1", 40100, ESTABLISHED, 1001, 8002);
            Owners o = resolver().resolve(tuple("::1", 40100, "::1", 5173));
            assertOwner(o.orig(), CURL, "curl", "alice");
            assertOwner(o.resp(), NODE, "node", "bob");
        }
    }

    @Nested
    class Unknowns {
        @Test
        void neitherAddressOnThisHost_notLocal() {
            Owners o = resolver().resolve(tuple("192.0.2.1", 1234, "198.51.100.2", 443));
            assertEquals(new Owners(Unknown.NOT_LOCAL, Unknown.NOT_LOCAL), o);
        }

        @Test
        void timeWait_gone() {
            loopbackCast();
            proc.socket("127.0.0.1", 51234, "127.0.0.1", 5173, TIME_WAIT, 0, 0);
            Owners o = resolver().resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173));
            assertEquals(Unknown.GONE, o.orig());
        }

        @Test
        void noSocketAtAll_gone() {
            Owners o = resolver().resolve(tuple("10.0.0.5", 51234, "198.51.100.2", 443));
            assertEquals(new Owners(Unknown.GONE, Unknown.NOT_LOCAL), o);
        }

        @Test
        void socketWithoutAnyHolder_notFound() {
            proc.socket("10.0.0.5", 51234, "198.51.100.2", 443, ESTABLISHED, 0, 9999);
            Owners o = resolver().resolve(tuple("10.0.0.5", 51234, "198.51.100.2", 443));
            assertEquals(Unknown.NOT_FOUND, o.orig());
        }

        @Test
        void ownerExitedBeforeItWasNamed_gone() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001).socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            ProcessResolver r = resolver();
            proc.exit(CURL);
            Attribution a = r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig();
            assertEquals(Unknown.NOT_FOUND, a, "the socket is still listed, its holder is not");
        }
    }

    @Nested
    class Containers {
        @Test
        void processInAnotherNamespace_foundThroughItsNetTcp_withItsCgroup() {
            proc.process(CURL, "curl", 1000, HOST_NETNS).socketFd(CURL, 5, 8001)
                    .socket("10.0.0.5", 44000, "172.17.0.2", 80, ESTABLISHED, 1000, 8001)
                    .process(NGINX, "nginx", 0, CONTAINER_NETNS).cgroup(NGINX, "/system.slice/docker-ab12cd.scope")
                    .namespaceOf(NGINX, "172.17.0.2")
                    .socketFd(NGINX, 6, 9001).socketFd(NGINX, 7, 9002)
                    .socketOf(NGINX, "0.0.0.0", 80, "0.0.0.0", 0, LISTEN, 0, 9001)
                    .socketOf(NGINX, "172.17.0.2", 80, "10.0.0.5", 44000, ESTABLISHED, 0, 9002);
            Owners o = resolver().resolve(tuple("10.0.0.5", 44000, "172.17.0.2", 80));
            assertOwner(o.orig(), CURL, "curl", "alice");
            assertOwner(o.resp(), NGINX, "nginx", "root");
            assertEquals("/system.slice/docker-ab12cd.scope", ((ProcessOwner) o.resp()).cgroup());
            assertEquals(null, ((ProcessOwner) o.orig()).cgroup(), "conntrail's own namespace: no container");
        }

        @Test
        void loopbackIsAlwaysConntrailsOwnNamespace() {
            proc.process(NGINX, "nginx", 0, CONTAINER_NETNS).namespaceOf(NGINX, "172.17.0.2")
                    .socketFd(NGINX, 6, 9001).socketOf(NGINX, "127.0.0.1", 80, "0.0.0.0", 0, LISTEN, 0, 9001);
            Owners o = resolver().resolve(tuple("127.0.0.1", 50000, "127.0.0.1", 80));
            assertEquals(Unknown.GONE, o.resp(), "the container's loopback is not the one captured");
        }
    }

    @Nested
    class Index {
        @Test
        void newSocketOfAKnownProcess_foundWithoutAFullPass() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001).socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            for (int fd = 10; fd < 200; fd++) {
                proc.fd(NODE, fd, "/var/log/node-" + fd + ".log");
            }
            ProcessResolver r = resolver();
            r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173));
            long passes = r.passes();
            proc.closeFd(CURL, 5).socketFd(CURL, 5, 8003) // the next connect() reuses descriptor 5
                    .socket("127.0.0.1", 51236, "127.0.0.1", 5173, SYN_SENT, 1000, 8003);
            long readBefore = r.descriptorsRead();
            Owners o = r.resolve(tuple("127.0.0.1", 51236, "127.0.0.1", 5173));
            assertOwner(o.orig(), CURL, "curl", "alice");
            assertEquals(passes, r.passes(), "no pass over every process");
            assertEquals(1, r.descriptorsRead() - readBefore, "curl's reused descriptor, read first");
        }

        @Test
        void clientsNextConnection_readFirstInTheProcessThatMadeItsLast() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001).socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            ProcessResolver r = resolver();
            assertOwner(r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig(), CURL, "curl", "alice");
            // Another program, holding 50 sockets, then opens a connection elsewhere: by recency alone it
            // would be read before curl.
            proc.process(WORKER, "node-worker", 1001, HOST_NETNS);
            for (int fd = 10; fd < 60; fd++) {
                proc.socketFd(WORKER, fd, 9000 + fd);
            }
            proc.socket("127.0.0.1", 40000, "127.0.0.1", 6000, SYN_SENT, 1001, 9059);
            assertOwner(r.resolve(tuple("127.0.0.1", 40000, "127.0.0.1", 6000)).orig(), WORKER, "node-worker", "bob");
            proc.closeFd(CURL, 5).socketFd(CURL, 5, 8003)
                    .socket("127.0.0.1", 51236, "127.0.0.1", 5173, SYN_SENT, 1000, 8003);
            long readBefore = r.descriptorsRead();
            assertOwner(r.resolve(tuple("127.0.0.1", 51236, "127.0.0.1", 5173)).orig(), CURL, "curl", "alice");
            assertEquals(1, r.descriptorsRead() - readBefore, "curl, which last connected to node, read first");
        }

        @Test
        void newProcess_foundByListingProcOnly() {
            proc.process(NODE, "node", 1001, HOST_NETNS).socketFd(NODE, 3, 7001)
                    .socket("127.0.0.1", 5173, "0.0.0.0", 0, LISTEN, 1001, 7001);
            ProcessResolver r = resolver();
            proc.process(CURL, "curl", 1000, HOST_NETNS).socketFd(CURL, 5, 8001)
                    .socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            long passes = r.passes();
            assertOwner(r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig(), CURL, "curl", "alice");
            assertEquals(passes, r.passes());
        }

        @Test
        void fullPasses_rateLimited_thenOverloaded() {
            proc.socket("10.0.0.5", 51234, "198.51.100.2", 443, ESTABLISHED, 0, 9999)
                    .socket("10.0.0.5", 51235, "198.51.100.2", 443, ESTABLISHED, 0, 9998);
            ProcessResolver r = resolver();
            // The clock does not move: each pass is charged its minimum, until the burst is spent.
            long allowed = FdIndex.PASS_BURST_NANOS / FdIndex.PASS_MIN_CHARGE_NANOS;
            for (int i = 0; i < allowed; i++) {
                assertEquals(Unknown.NOT_FOUND, r.resolve(tuple("10.0.0.5", 51234, "198.51.100.2", 443)).orig(),
                        "pass " + i);
            }
            assertEquals(Unknown.OVERLOADED, r.resolve(tuple("10.0.0.5", 51235, "198.51.100.2", 443)).orig());
            clock.addAndGet((long) (FdIndex.PASS_MIN_CHARGE_NANOS / FdIndex.PASS_DUTY)); // earns one pass back
            assertEquals(Unknown.NOT_FOUND, r.resolve(tuple("10.0.0.5", 51235, "198.51.100.2", 443)).orig());
            assertEquals(Unknown.OVERLOADED, r.resolve(tuple("10.0.0.5", 51235, "198.51.100.2", 443)).orig());
        }

        @Test
        void socketClosedBeforeThePass_goneWithoutOne() {
            loopbackCast();
            FdIndex index = new FdIndex(new ProcFs(proc.root), clock::get);
            index.build();
            long passes = index.passes();
            long read = index.descriptorsRead();
            FdIndex.Found f = index.find(8001, 1000, HOST_NETNS, true, () -> false, -1);
            assertEquals(FdIndex.Found.GONE, f, "no process can hold a socket that no longer exists");
            assertEquals(passes, index.passes());
            assertEquals(read, index.descriptorsRead());
        }

        @Test
        void recycledPid_isNamedAfterItsNewProcess_onceItsNameIsChecked() {
            loopbackCast();
            proc.socketFd(CURL, 5, 8001).socket("127.0.0.1", 51234, "127.0.0.1", 5173, SYN_SENT, 1000, 8001);
            ProcessResolver r = resolver();
            assertOwner(r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig(), CURL, "curl", "alice");
            proc.exit(CURL).process(CURL, "wget", 1001, HOST_NETNS, 99_999).socketFd(CURL, 5, 8001);
            assertOwner(r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig(), CURL, "curl", "alice");
            clock.addAndGet(ProcessTable.RECHECK_NANOS); // names are checked again once a second
            assertOwner(r.resolve(tuple("127.0.0.1", 51234, "127.0.0.1", 5173)).orig(), CURL, "wget", "bob");
        }
    }
}
