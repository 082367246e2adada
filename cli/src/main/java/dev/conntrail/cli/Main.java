package dev.conntrail.cli;

import dev.conntrail.cli.output.OutputGone;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs the command and maps every failure to one line on stderr and an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs conntrail with these arguments and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ConntrailCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("conntrail: " + ex.getMessage() + " (see conntrail --help)");
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof UserError) {
                err.println("conntrail: " + ex.getMessage());
                err.flush();
                return ((UserError) ex).exitCode();
            }
            if (ex instanceof OutputGone) {
                return ExitCodes.OK; // the reader of our output went away: nothing more to say
            }
            err.println("conntrail: internal error: " + ex);
            if (System.getenv("CONNTRAIL_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("conntrail: set CONNTRAIL_DEBUG=1 to see where, and please report it");
            }
            err.flush();
            return 70;
        });
        return cli;
    }
}
