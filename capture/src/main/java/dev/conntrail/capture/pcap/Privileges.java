package dev.conntrail.capture.pcap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

import dev.conntrail.capture.CaptureException;

/**
 * Who the process runs as, and giving up root once a capture handle is open (tcpdump's {@code -Z}).
 *
 * <p>An open packet socket keeps working after the process loses the rights that opening it needed, so a
 * capture started as root can decode every packet as an ordinary user. The order matters: supplementary
 * groups first and the group next (both need root), the user last (after it nothing can be changed back).
 * Each call goes through glibc, which applies it to every thread of the JVM. The result is read back and
 * checked; a partial drop is an error, never a warning.
 */
public final class Privileges {

    private static final int ROOT = 0;
    private static final int INITIAL_GROUPS = 32;

    private Privileges() {
    }

    /** Who the process is now, after a successful {@link #dropTo}. */
    public record Identity(String user, int uid, int gid, int groups) {
    }

    /** Whether the process runs with root's effective user id. */
    public static boolean runningAsRoot() throws CaptureException {
        LibPcap.load();
        return LibC.geteuid() == ROOT;
    }

    /**
     * Becomes {@code user}: its supplementary groups, its primary group, its user id (real, effective and
     * saved), then verifies all of them and that root cannot be taken back.
     *
     * @throws CaptureException one line: no such user, or which step the system refused and why
     */
    public static Identity dropTo(String user) throws CaptureException {
        LibPcap.load();
        Pointer passwd = LibC.getpwnam(user);
        if (passwd == null) {
            throw new CaptureException("-Z " + user + ": no such user");
        }
        int uid = passwd.getInt(LibC.PASSWD_UID);
        int gid = passwd.getInt(LibC.PASSWD_GID);
        int[] groups = groupsOf(user, gid);
        String step = "setgroups";
        try {
            LibC.setgroups(groups.length, groups);
            step = "setgid";
            LibC.setgid(gid);
            step = "setuid";
            LibC.setuid(uid);
        } catch (LastErrorException e) {
            throw new CaptureException("cannot drop privileges to " + user + ": " + step + ": " + reason(e)
                    + (LibC.geteuid() != ROOT ? " (-Z needs conntrail to be started as root)" : ""), e);
        }
        if (LibC.getuid() != uid || LibC.geteuid() != uid || LibC.getgid() != gid || LibC.getegid() != gid) {
            throw new CaptureException("cannot drop privileges to " + user + ": the process is uid "
                    + LibC.getuid() + "/" + LibC.geteuid() + ", gid " + LibC.getgid() + "/" + LibC.getegid()
                    + " instead of " + uid + "/" + gid);
        }
        if (uid != ROOT && canRegainRoot()) {
            throw new CaptureException("cannot drop privileges to " + user + ": root could be taken back");
        }
        return new Identity(user, uid, gid, groups.length);
    }

    private static int[] groupsOf(String user, int gid) {
        int[] count = {INITIAL_GROUPS};
        int[] groups = new int[INITIAL_GROUPS];
        if (LibC.getgrouplist(user, gid, groups, count) < 0) {
            groups = new int[count[0]];
            LibC.getgrouplist(user, gid, groups, count);
        }
        int[] exact = new int[count[0]];
        System.arraycopy(groups, 0, exact, 0, exact.length);
        return exact;
    }

    private static boolean canRegainRoot() {
        try {
            LibC.setuid(ROOT);
            return true;
        } catch (LastErrorException expected) {
            return false;
        }
    }

    private static String reason(LastErrorException e) {
        String message = e.getMessage();
        // JNA's message is "[errno] text"; the text is what people recognise.
        int bracket = message == null ? -1 : message.indexOf("] ");
        return bracket < 0 ? String.valueOf(message) : message.substring(bracket + 2);
    }
}
