package dev.conntrail.cli.process;

/**
 * The process that holds a socket: lsof's COMMAND, PID and USER columns, plus what places it.
 *
 * @param pid      the process ID, as seen from conntrail's PID namespace
 * @param command  the kernel's short command name ({@code /proc/PID/comm}, at most 15 characters)
 * @param uid      the process's effective user ID
 * @param user     that user's name from the host's passwd file, or the number when it has none
 * @param cmdline  the command line ({@code /proc/PID/cmdline}, arguments joined by spaces, shortened),
 *                 empty for kernel threads and zombies
 * @param cgroup   the process's cgroup when it lives in another network namespace than conntrail
 *                 (a container); null otherwise
 */
public record ProcessOwner(int pid, String command, int uid, String user, String cmdline, String cgroup)
        implements Attribution {
}
