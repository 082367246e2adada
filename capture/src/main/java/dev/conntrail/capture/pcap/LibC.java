package dev.conntrail.capture.pcap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * The C library calls conntrail needs beside libpcap, registered by {@link LibPcap#load()}: a {@code FILE*}
 * over memory for the filter compiler, and the user and group calls for dropping root after the capture
 * is open ({@link Privileges}).
 *
 * <p>glibc's {@code setgroups}, {@code setgid} and {@code setuid} change the credentials of every thread
 * of the process (the kernel keeps them per thread; glibc broadcasts the change to all of them), which is
 * what a JVM with its many threads needs. Calls declared {@code throws LastErrorException} report
 * failure with {@code errno}.
 *
 * <pre>
 *   struct passwd {            // LP64 glibc
 *     char *pw_name;   //  0
 *     char *pw_passwd; //  8
 *     uid_t pw_uid;    // 16
 *     gid_t pw_gid;    // 20
 *     ...
 *   };
 * </pre>
 */
final class LibC {

    static final int PASSWD_UID = 16;
    static final int PASSWD_GID = 20;

    private LibC() {
    }

    /** {@code FILE *fmemopen(void *buf, size_t size, const char *mode)}; {@code buf} must outlive the stream. */
    static native Pointer fmemopen(Pointer buffer, long size, String mode);

    /** Closes a stream libpcap did not take over. */
    static native int fclose(Pointer stream);

    /** The passwd entry of {@code name} (static storage, valid until the next call), or null. */
    static native Pointer getpwnam(String name);

    /**
     * The groups {@code user} belongs to, with {@code group} among them: fills {@code groups} and sets
     * {@code count[0]}; returns -1 (with {@code count[0]} the size needed) when {@code groups} is too small.
     */
    static native int getgrouplist(String user, int group, int[] groups, int[] count);

    static native int setgroups(long size, int[] groups) throws LastErrorException;

    static native int setgid(int gid) throws LastErrorException;

    static native int setuid(int uid) throws LastErrorException;

    static native int getuid();

    static native int geteuid();

    static native int getgid();

    static native int getegid();
}
