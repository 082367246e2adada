#!/usr/bin/env bash
# Records examples/localhost-demo.pcap from real kernel TCP on this machine's loopback:
#   - two clients ("browser tabs") of one server port, each a request and a response, closed by FIN;
#   - one connection reset by the client (SO_LINGER 0);
#   - one connection refused (nothing listens on the port).
# Needs root (tcpdump) and python3. Run from anywhere: bash examples/record-example.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/localhost-demo.pcap}
port=5173
closed_port=5174

tcpdump -i lo -U -s 256 -w "$out" "tcp port $port or tcp port $closed_port" 2>/dev/null &
dump=$!
trap 'kill $dump 2>/dev/null || true' EXIT
sleep 1

python3 - "$port" "$closed_port" <<'PY'
import socket, struct, sys, threading, time
port, closed_port = int(sys.argv[1]), int(sys.argv[2])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(8)

def serve():
    while True:
        try:
            c, _ = srv.accept()
        except OSError:
            return
        try:
            data = c.recv(4096)
            if data.startswith(b"GET"):
                body = b"<html>hello from conntrail's example</html>\n" * 20
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            while c.recv(4096):
                pass
        except ConnectionResetError:
            pass  # the client that aborts with RST
        c.close()

threading.Thread(target=serve, daemon=True).start()

def tab(path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /" + path + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
    got = b""
    while len(got) < 900:
        got += s.recv(4096)
    s.shutdown(socket.SHUT_WR)
    s.close()

tabs = [threading.Thread(target=tab, args=(p,)) for p in (b"index.html", b"app.js")]
for t in tabs:
    t.start()
for t in tabs:
    t.join()
time.sleep(0.2)

# a connection the client aborts: SO_LINGER with a zero timeout makes close() send RST
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"HEAD / HTTP/1.1\r\n\r\n")
time.sleep(0.05)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
time.sleep(0.2)

# a refused connection: nothing listens on closed_port
try:
    socket.create_connection(("127.0.0.1", closed_port), timeout=1)
except ConnectionRefusedError:
    pass
time.sleep(0.5)
srv.close()
PY

sleep 1
kill -INT $dump
wait $dump 2>/dev/null || true
trap - EXIT
echo "recorded $out"
