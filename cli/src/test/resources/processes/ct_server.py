"""A TCP server with a name of its own, for conntrail's process tests.

    ct_server.py NAME ADDRESS [PORT]

Renames itself NAME (what /proc/PID/comm and lsof's COMMAND show), listens on ADDRESS:PORT (0: any port),
prints "listening PORT" and answers every connection: it reads until the client closes, sending one byte
back for each chunk, then closes. Runs until stdin closes or it is killed.
"""
import selectors
import socket
import sys
import threading


def main():
    name, address = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    with open("/proc/self/comm", "w") as comm:
        comm.write(name)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(1024)
    listener.setblocking(False)
    print("listening", listener.getsockname()[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os_exit()), daemon=True).start()
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    while True:
        for key, _ in sel.select():
            if key.data is None:
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, "conn")
            else:
                conn = key.fileobj
                try:
                    data = conn.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if data:
                    try:
                        conn.send(b"k")
                    except OSError:
                        pass
                else:
                    sel.unregister(conn)
                    conn.close()


def os_exit():
    import os
    os._exit(0)


if __name__ == "__main__":
    main()
