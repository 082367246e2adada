package dev.conntrail.cli.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Real kernel TCP for the live capture test, run inside a network namespace as its own JVM.
 *
 * <pre>
 *   server ADDRESS PORT          listens (dual-stack when ADDRESS is ::), prints "ready", serves forever
 *   client V4 V6 SV4 SV6 PORT CLOSED_PORT PARALLEL [single | burst]
 *                                runs a first burst of PARALLEL connections, prints "cold-burst done" and
 *                                waits for a line on standard input; then runs every scenario from client
 *                                addresses V4/V6 against the server at SV4/SV6, prints one record per
 *                                connection, then "holding", and keeps one connection open until standard
 *                                input closes; "single" makes one connection, "burst" only PARALLEL at once
 * </pre>
 *
 * The client's first line on each connection tells the server what to do: {@code MODE REQ RESP\n}, then REQ
 * request bytes; the server answers RESP bytes and closes as MODE says. A record is tab-separated:
 * {@code conn SCENARIO CLIENT_IP CLIENT_PORT SERVER_IP SERVER_PORT ENDED ORIG_BYTES RESP_BYTES CONNECTED_NANOS},
 * where ENDED is how conntrail should report the end, the byte counts are what each side sent (header
 * line included), and CONNECTED_NANOS is the wall-clock time (epoch nanoseconds) at which connect returned.
 */
public final class TrafficGenerator {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final PrintStream out = System.out;
    private final List<String> records = new ArrayList<>();
    private final InetAddress clientV4;
    private final InetAddress clientV6;
    private final InetAddress serverV4;
    private final InetAddress serverV6;
    private final int port;
    private final int closedPort;

    private TrafficGenerator(String[] a) throws IOException {
        clientV4 = InetAddress.getByName(a[1]);
        clientV6 = InetAddress.getByName(a[2]);
        serverV4 = InetAddress.getByName(a[3]);
        serverV6 = InetAddress.getByName(a[4]);
        port = Integer.parseInt(a[5]);
        closedPort = Integer.parseInt(a[6]);
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            serve(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
            return;
        }
        TrafficGenerator g = new TrafficGenerator(args);
        if (args.length > 8 && args[8].equals("single")) {
            g.exchange("single", g.clientV4, g.serverV4, 0, "client-close", 10, 20, "fin").close();
            g.flush();
            return;
        }
        if (args.length > 8 && args[8].equals("burst")) {
            g.parallel("burst", Integer.parseInt(args[7]));
            g.flush();
            return;
        }
        g.runAll(Integer.parseInt(args[7]));
    }

    // --- server ----------------------------------------------------------------------------------------

    private static void serve(InetAddress address, int port) throws IOException {
        ExecutorService workers = Executors.newCachedThreadPool();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 1024);
            System.out.println("ready");
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                workers.execute(() -> handle(s));
            }
        }
    }

    private static void handle(Socket s) {
        try (s) {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = s.getInputStream();
            String[] header = readLine(in).split(" ");
            String mode = header[0];
            readExactly(in, Integer.parseInt(header[1]));
            int respBytes = Integer.parseInt(header[2]);
            OutputStream o = s.getOutputStream();
            switch (mode) {
                case "half-close":
                    drain(in); // the client's FIN: answer only after it
                    o.write(new byte[respBytes]);
                    o.flush();
                    break;
                case "server-close":
                    o.write(new byte[respBytes]);
                    o.flush();
                    break; // closing first
                default: // client-close, reset, hold: answer, then wait for the client to end it
                    o.write(new byte[respBytes]);
                    o.flush();
                    drain(in);
            }
        } catch (IOException e) {
            // a reset by the client ends the exchange; nothing to report here
        }
    }

    // --- client ------------------------------------------------------------------------------------------

    private void runAll(int parallel) throws Exception {
        parallel("cold-burst", parallel); // conntrail's JIT compiler still at work: reported, not judged
        flush();
        out.println("cold-burst done");
        out.flush();
        if (readLine(System.in).isEmpty()) { // the test says when conntrail has caught up
            return;
        }
        exchange("client-close", clientV4, serverV4, 0, "client-close", 200, 20_000, "fin").close();
        exchange("server-close", clientV4, serverV4, 0, "server-close", 100, 3_000, "fin").close();
        Socket reset = exchange("reset", clientV4, serverV4, 0, "reset", 50, 500, "reset_by_originator");
        reset.setSoLinger(true, 0); // close with RST
        reset.close();
        refused();
        halfClose();
        portReuse();
        exchange("ipv6", clientV6, serverV6, 0, "client-close", 300, 4_000, "fin").close();
        parallel("parallel", parallel);
        Socket held = exchange("left-open", clientV4, serverV4, 0, "hold", 40, 60, "open_at_end");
        flush();
        out.println("holding");
        out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our standard input
        }
        held.close();
    }

    /** One connection: connect, send the header and the request, read the whole response. */
    private Socket exchange(String scenario, InetAddress from, InetAddress to, int localPort, String mode, int req,
                            int resp, String ended) throws IOException {
        Socket s = connect(from, to, localPort);
        long connected = nowNanos();
        int sent = send(s, mode, req, resp);
        readExactly(s.getInputStream(), resp);
        if (mode.equals("server-close") || mode.equals("half-close")) {
            drain(s.getInputStream());
        }
        record(scenario, s, ended, sent, resp, connected);
        return s;
    }

    private void refused() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(clientV4, 0));
        int local = s.getLocalPort();
        try {
            s.connect(new InetSocketAddress(serverV4, closedPort), CONNECT_TIMEOUT_MILLIS);
            throw new IllegalStateException("port " + closedPort + " accepted a connection");
        } catch (ConnectException expected) {
            records.add(String.join("\t", "conn", "refused", clientV4.getHostAddress(), Integer.toString(local),
                    serverV4.getHostAddress(), Integer.toString(closedPort), "refused", "0", "0", "0"));
        } finally {
            s.close();
        }
    }

    /** The client sends its request and its FIN; the server answers after the FIN, then closes. */
    private void halfClose() throws IOException {
        Socket s = connect(clientV4, serverV4, 0);
        long connected = nowNanos();
        int resp = 50_000;
        int sent = send(s, "half-close", 700, resp);
        s.shutdownOutput();
        readExactly(s.getInputStream(), resp);
        drain(s.getInputStream());
        record("half-close", s, "fin", sent, resp, connected);
        s.close();
    }

    /**
     * Two connections from the same client port: the server closes first (so its side, not ours, waits in
     * TIME-WAIT, and a new SYN there starts a new connection); then the port is bound again.
     */
    private void portReuse() throws IOException, InterruptedException {
        Socket first = exchange("port-reuse", clientV4, serverV4, 0, "server-close", 80, 800, "fin");
        int local = first.getLocalPort();
        first.close();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                exchange("port-reuse", clientV4, serverV4, local, "server-close", 90, 900, "fin").close();
                return;
            } catch (IOException e) { // the port may still be in LAST-ACK for a moment
                last = e;
                Thread.sleep(20);
            }
        }
        throw last;
    }

    /** Many connections open at once: connect them all, then talk on each, then close each. */
    private void parallel(String scenario, int n) throws IOException {
        Socket[] sockets = new Socket[n];
        long[] connected = new long[n];
        for (int i = 0; i < n; i++) {
            sockets[i] = connect(clientV4, serverV4, 0);
            connected[i] = nowNanos();
        }
        int[] sent = new int[n];
        for (int i = 0; i < n; i++) {
            sent[i] = send(sockets[i], "client-close", 100, 300);
        }
        for (int i = 0; i < n; i++) {
            readExactly(sockets[i].getInputStream(), 300);
            record(scenario, sockets[i], "fin", sent[i], 300, connected[i]);
            sockets[i].close();
        }
    }

    private Socket connect(InetAddress from, InetAddress to, int localPort) throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(true);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        s.bind(new InetSocketAddress(from, localPort));
        s.connect(new InetSocketAddress(to, port), CONNECT_TIMEOUT_MILLIS);
        return s;
    }

    /** Writes the header line and the request; returns the bytes sent. */
    private static int send(Socket s, String mode, int req, int resp) throws IOException {
        byte[] header = (mode + " " + req + " " + resp + "\n").getBytes(StandardCharsets.US_ASCII);
        OutputStream o = s.getOutputStream();
        o.write(header);
        o.write(new byte[req]);
        o.flush();
        return header.length + req;
    }

    /** Before the socket closes: a closed socket forgets its local address. */
    private void record(String scenario, Socket s, String ended, int origBytes, int respBytes, long connected) {
        records.add(String.join("\t", "conn", scenario, s.getLocalAddress().getHostAddress(),
                Integer.toString(s.getLocalPort()), s.getInetAddress().getHostAddress(), Integer.toString(s.getPort()),
                ended, Integer.toString(origBytes), Integer.toString(respBytes), Long.toString(connected)));
    }

    private void flush() {
        for (String r : records) {
            out.println(r);
        }
        records.clear();
        out.flush();
    }

    // --- bytes ---------------------------------------------------------------------------------------------

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }

    private static void readExactly(InputStream in, int n) throws IOException {
        byte[] buf = new byte[8192];
        int left = n;
        while (left > 0) {
            int r = in.read(buf, 0, Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("connection ended " + left + " bytes early");
            }
            left -= r;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // until the peer's FIN
        }
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
