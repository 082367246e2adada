package dev.conntrail.cli.process;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Names a process: its command, user and command line, read once per process and reused while
 * {@code /proc/PID/stat} shows the same start time (so a recycled PID is not named after its
 * predecessor). {@code stat} itself is read again at most every {@link #RECHECK_NANOS}: a PID is recycled
 * only after the kernel has handed out every other one ({@code pid_max}, 4 million on 64-bit systems), so a
 * process named within the last second is the one that holds the PID now. User names come from the host's
 * passwd file, read again when a uid is missing from it.
 */
final class ProcessTable {
    static final int CMDLINE_MAX = 200;
    static final long RECHECK_NANOS = 1_000_000_000L;

    private record Entry(long startTime, ProcessOwner owner, long checkedAt) {
    }

    private final ProcFs fs;
    private final Path passwd;
    private final long selfNetns;
    private final java.util.function.LongSupplier clock;
    private final Map<Integer, Entry> byPid = new HashMap<>();
    private Map<Integer, String> users;

    ProcessTable(ProcFs fs, Path passwd, long selfNetns, java.util.function.LongSupplier clock) {
        this.fs = fs;
        this.clock = clock;
        this.passwd = passwd;
        this.selfNetns = selfNetns;
    }

    /** The process with this PID now, or null when it has exited. */
    ProcessOwner describe(int pid) {
        long now = clock.getAsLong();
        Entry known = byPid.get(pid);
        if (known != null && now - known.checkedAt < RECHECK_NANOS) {
            return known.owner;
        }
        Path dir = fs.pidDir(pid);
        String stat = fs.read(dir.resolve("stat"));
        if (stat == null) {
            byPid.remove(pid);
            return null;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String command = stat.substring(open + 1, close);
        long start = startTime(stat.substring(close + 1));
        Entry e = byPid.get(pid);
        if (e != null && e.startTime == start && e.owner.command().equals(command)) {
            byPid.put(pid, new Entry(start, e.owner, now));
            return e.owner;
        }
        int uid = effectiveUid(fs.read(dir.resolve("status")));
        String cmdline = cmdline(fs.read(dir.resolve("cmdline")));
        String cgroup = null;
        long netns = fs.netns(pid);
        if (netns >= 0 && netns != selfNetns) {
            cgroup = cgroup(fs.read(dir.resolve("cgroup")));
        }
        ProcessOwner owner = new ProcessOwner(pid, command, uid, user(uid), cmdline, cgroup);
        byPid.put(pid, new Entry(start, owner, now));
        return owner;
    }

    void forget(int pid) {
        byPid.remove(pid);
    }

    /** Field 22 of stat, counted from the fields after the command's closing parenthesis (field 3 on). */
    private static long startTime(String afterCommand) {
        String[] f = afterCommand.trim().split(" ");
        try {
            return f.length > 19 ? Long.parseLong(f[19]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code Uid:\treal\teffective\tsaved\tfs}: the effective one, as lsof's USER shows. */
    static int effectiveUid(String status) {
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                try {
                    return Integer.parseInt(f.length > 1 ? f[1] : f[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** NUL-separated arguments joined by spaces, shortened to {@link #CMDLINE_MAX} characters. */
    static String cmdline(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String s = raw.endsWith("\0") ? raw.substring(0, raw.length() - 1) : raw;
        s = s.replace('\0', ' ');
        return s.length() <= CMDLINE_MAX ? s : s.substring(0, CMDLINE_MAX - 3) + "...";
    }

    /**
     * The cgroup that says which container a process is in: the unified hierarchy's path
     * ({@code 0::/system.slice/docker-ab12.scope}), else the first controller's; null for the root cgroup.
     */
    static String cgroup(String text) {
        if (text == null) {
            return null;
        }
        String first = null;
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            String path = line.substring(b + 1).trim();
            if (line.startsWith("0::")) {
                return path.isEmpty() || path.equals("/") ? null : path;
            }
            if (first == null && !path.isEmpty() && !path.equals("/")) {
                first = path;
            }
        }
        return first;
    }

    private String user(int uid) {
        if (uid < 0) {
            return "?";
        }
        if (users == null || !users.containsKey(uid)) {
            users = readPasswd();
        }
        String name = users.get(uid);
        if (name == null) {
            users.put(uid, Integer.toString(uid)); // asked once; numeric from now on
            return Integer.toString(uid);
        }
        return name;
    }

    private Map<Integer, String> readPasswd() {
        Map<Integer, String> m = new HashMap<>();
        String text = fs.read(passwd);
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // a comment or a damaged line
                    }
                }
            }
        }
        if (users != null) {
            users.forEach(m::putIfAbsent);
        }
        return m;
    }
}
