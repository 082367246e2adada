package dev.conntrail.capture.bpf;

import java.nio.ByteOrder;
import java.util.Arrays;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;

/**
 * One filter expression applied to the frames of a file: libpcap compiles the expression once for each
 * link type and byte order the file has (so a pcapng that mixes Ethernet and BSD loopback gets one program
 * for each), and a {@link BpfInterpreter} runs it in Java for every frame.
 *
 * <p>A reader calls {@link #prepare} when it learns of a link type (the pcap header, a pcapng interface),
 * where compiling may fail, keeps the slot it returns, and passes it to {@link #accepts} for every frame of
 * that link type, which cannot fail. Nothing is allocated per frame. Not thread-safe, like its reader.
 */
public final class FrameFilter {

    private final String expression;
    private final BpfCompiler compiler;
    private int[] linkTypes = new int[2];
    private ByteOrder[] orders = new ByteOrder[2];
    private BpfInterpreter[] interpreters = new BpfInterpreter[2];
    private int count;

    public FrameFilter(String expression, BpfCompiler compiler) {
        this.expression = expression;
        this.compiler = compiler;
    }

    public String expression() {
        return expression;
    }

    /**
     * Compiles the expression for frames of {@code linkType} from a file in {@code fileByteOrder}, unless
     * that was done already, and returns the slot to pass to {@link #accepts}.
     *
     * @throws CaptureException if libpcap cannot compile the expression for this link type, or the program
     *                          is one the Java interpreter does not run (backward jumps)
     */
    public int prepare(int linkType, ByteOrder fileByteOrder) throws CaptureException {
        for (int slot = 0; slot < count; slot++) {
            if (linkTypes[slot] == linkType && orders[slot] == fileByteOrder) {
                return slot;
            }
        }
        BpfProgram program = compiler.compile(expression, linkType, fileByteOrder);
        BpfInterpreter interpreter;
        try {
            interpreter = new BpfInterpreter(program);
        } catch (IllegalArgumentException e) {
            throw new CaptureException("filter \"" + expression + "\" cannot run in the Java reader ("
                    + e.getMessage() + "); use the libpcap reader for it");
        }
        if (count == linkTypes.length) {
            linkTypes = Arrays.copyOf(linkTypes, count * 2);
            orders = Arrays.copyOf(orders, count * 2);
            interpreters = Arrays.copyOf(interpreters, count * 2);
        }
        linkTypes[count] = linkType;
        orders[count] = fileByteOrder;
        interpreters[count] = interpreter;
        return count++;
    }

    /** Whether the frame passes; {@code slot} is what {@link #prepare} returned for the frame's link type. */
    public boolean accepts(Frame frame, int slot) {
        return interpreters[slot].matches(frame.data(), frame.offset(), frame.capturedLength(),
                frame.originalLength());
    }
}
