package dev.conntrail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The live options as the command line takes them: what is refused before anything is opened. */
class LiveOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void readAndInterfaceTogether_usageError() {
        assertEquals(2, run("-r", "x.pcap", "-i", "eth0"));
        assertEquals("conntrail: -r and -i are mutually exclusive: read a file or capture live, not both\n",
                err.toString());
    }

    @Test
    void liveOnlyOptionWithAFile_usageErrorNamingIt() {
        assertEquals(2, run("-r", "x.pcap", "--duration", "5s"));
        assertEquals("conntrail: --duration applies to live captures (-i), not to -r\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("-r", "x.pcap", "-Z", "nobody"));
        assertEquals("conntrail: --relinquish-privileges applies to live captures (-i), not to -r\n", err.toString());
    }

    @Test
    void snapshotLengthOutOfRange_usageError() {
        assertEquals(2, run("-i", "lo", "-s", "0"));
        assertEquals("conntrail: --snapshot-length must be between 1 and 262144\n", err.toString());
    }

    @Test
    void zeroDuration_usageError() {
        assertEquals(2, run("-i", "lo", "--duration", "0s"));
        assertEquals("conntrail: --duration must be longer than 0\n", err.toString());
    }

    @Test
    void listInterfaces_tcpdumpStyle_loopbackAndAnyAmongThem() {
        assertEquals(0, run("-D"));
        String listing = out.toString();
        assertTrue(listing.matches("(?s)1\\..*"), listing);
        assertTrue(listing.contains(".lo [Up, Running, Loopback]\n    127.0.0.1/8"), listing);
        assertTrue(listing.contains(".any (Pseudo-device that captures on all interfaces) [Up, Running]"), listing);
    }

    @Test
    void bufferSize_bareNumberIsKiB_unitsAccepted() {
        assertEquals(32 << 20, SizeParser.parse("32768"));
        assertEquals(32 << 20, SizeParser.parse("32m"));
        assertEquals(32 << 20, SizeParser.parse("32MiB"));
        assertEquals(512 << 10, SizeParser.parse("512k"));
        assertEquals(1 << 30, SizeParser.parse("1g"));
        assertThrows(TypeConversionException.class, () -> SizeParser.parse("0"));
        assertThrows(TypeConversionException.class, () -> SizeParser.parse("2g"));
        assertThrows(TypeConversionException.class, () -> SizeParser.parse("lots"));
    }
}
