package dev.conntrail.cli.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a procfs tree under a root that tests can replace with a directory they build (fake
 * {@code net/tcp}, {@code fd} symlinks named {@code socket:[inode]}, {@code stat}, {@code status}). Every
 * read answers null or an empty value for a file that is gone or unreadable: processes come and go while
 * they are read, and that is normal, not an error.
 */
final class ProcFs {
    /** A link target of a descriptor that is a socket: {@code socket:[12345]}. */
    private static final String SOCKET_PREFIX = "socket:[";

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path pidDir(int pid) {
        return root.resolve(Integer.toString(pid));
    }

    /** The process directories present now, in no particular order. */
    int[] pids() {
        String[] names = root.toFile().list();
        if (names == null) {
            return new int[0];
        }
        int[] pids = new int[names.length];
        int n = 0;
        for (String name : names) {
            int pid = parsePositive(name);
            if (pid > 0) {
                pids[n++] = pid;
            }
        }
        return java.util.Arrays.copyOf(pids, n);
    }

    /** The PID conntrail runs as, as this tree sees it ({@code self}). */
    int selfPid() {
        String target = link(root.resolve("self"));
        return target == null ? -1 : parsePositive(target);
    }

    /**
     * Descriptor numbers of a process; null when its {@code fd} directory cannot be listed (gone, or not
     * ours to read: {@link #exists(int)} tells which).
     */
    int[] fds(int pid) {
        String[] names = pidDir(pid).resolve("fd").toFile().list();
        if (names == null) {
            return null;
        }
        int[] fds = new int[names.length];
        int n = 0;
        for (String name : names) {
            int fd = parsePositiveOrZero(name);
            if (fd >= 0) {
                fds[n++] = fd;
            }
        }
        return java.util.Arrays.copyOf(fds, n);
    }

    boolean exists(int pid) {
        return new File(pidDir(pid).toString()).exists();
    }

    /** The socket inode a descriptor refers to; 0 when it is no socket, -1 when it cannot be read. */
    long socketInode(int pid, int fd) {
        String target = link(pidDir(pid).resolve("fd").resolve(Integer.toString(fd)));
        if (target == null) {
            return -1;
        }
        return socketInode(target);
    }

    static long socketInode(String linkTarget) {
        if (!linkTarget.startsWith(SOCKET_PREFIX) || !linkTarget.endsWith("]")) {
            return 0;
        }
        try {
            return Long.parseLong(linkTarget, SOCKET_PREFIX.length(), linkTarget.length() - 1, 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The namespace inode of a {@code ns/net} link ({@code net:[4026531840]}), or -1. */
    long netns(int pid) {
        return namespaceInode(link(pidDir(pid).resolve("ns").resolve("net")));
    }

    long selfNetns() {
        return namespaceInode(link(root.resolve("self").resolve("ns").resolve("net")));
    }

    private static long namespaceInode(String target) {
        if (target == null) {
            return -1;
        }
        int open = target.indexOf('[');
        int close = target.lastIndexOf(']');
        if (open < 0 || close < open) {
            return -1;
        }
        try {
            return Long.parseLong(target, open + 1, close, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The owner of a process directory: the process's effective uid; -1 when it is gone. */
    int ownerUid(int pid) {
        try {
            return (Integer) Files.getAttribute(pidDir(pid), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A whole small file as text, or null. */
    String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static int parsePositive(String s) {
        int v = parsePositiveOrZero(s);
        return v > 0 ? v : -1;
    }

    private static int parsePositiveOrZero(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
