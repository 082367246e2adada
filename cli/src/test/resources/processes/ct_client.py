"""A TCP client with a name of its own, for conntrail's process tests.

    ct_client.py NAME ADDRESS PORT COUNT HOLD_MS [RATE]

Renames itself NAME, then makes COUNT connections to ADDRESS:PORT one after another (RATE per second at
most, 0: as fast as they go). Each one sends a byte, waits for the answer, stays open HOLD_MS milliseconds
(a fraction: 2.5), closes, and is reported as "conn LOCAL_PORT MILLISECONDS_OPEN" on stdout. With COUNT 0 it
holds one connection until stdin closes. Ends with "done".
"""
import socket
import sys
import time


def main():
    name, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    count, hold = int(sys.argv[4]), float(sys.argv[5]) / 1000.0
    rate = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
    with open("/proc/self/comm", "w") as comm:
        comm.write(name)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    if count == 0:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.connect((address, port))
        print("conn", s.getsockname()[1], 0, flush=True)
        sys.stdin.read()
        s.close()
        print("done", flush=True)
        return
    interval = 1.0 / rate if rate > 0 else 0.0
    start = time.monotonic()
    for i in range(count):
        if interval:
            delay = start + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        s = socket.socket(family, socket.SOCK_STREAM)
        opened = time.monotonic()
        s.connect((address, port))
        local = s.getsockname()[1]
        s.send(b"x")
        s.recv(1)
        left = hold - (time.monotonic() - opened)
        if left > 0:
            time.sleep(left)
        s.close()
        print("conn", local, "%.3f" % ((time.monotonic() - opened) * 1000.0), flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
