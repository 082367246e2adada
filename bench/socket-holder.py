"""Holds N open TCP sockets over loopback (N/2 connections, both ends here) until stdin closes.

    socket-holder.py N

Prints "holding N" once they are all open. The connections stay idle: they put N sockets into the
kernel's tables and N descriptors into this process, which is what makes socket and process lookups
expensive on a busy host, without sending a packet.
"""
import resource
import socket
import sys


def main():
    n = int(sys.argv[1])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard) if hard != resource.RLIM_INFINITY else want, hard))
    with open("/proc/self/comm", "w") as comm:
        comm.write("ct-holder")
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    port = listener.getsockname()[1]
    held = []
    for _ in range(n // 2):
        c = socket.create_connection(("127.0.0.1", port))
        s, _ = listener.accept()
        held += [c, s]
    print("holding", len(held), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
