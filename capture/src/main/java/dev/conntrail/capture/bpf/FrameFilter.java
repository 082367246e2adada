package dev.conntrail.capture.bpf;

import java.util.Arrays;

import dev.conntrail.capture.CaptureException;
import dev.conntrail.capture.Frame;

/**
 * One filter expression applied to frames of any link type: libpcap compiles the expression once per link
 * type (so a pcapng file that mixes Ethernet and raw IP gets one program for each), and a
 * {@link BpfInterpreter} runs it in Java for every frame.
 *
 * <p>A reader calls {@link #prepare(int)} when it learns of a link type (the pcap header, a pcapng
 * interface), where compiling may fail, and then {@link #accepts(Frame)} per frame, which cannot. Nothing
 * is allocated per frame. Not thread-safe, like the reader that owns it.
 */
public final class FrameFilter {

    private final String expression;
    private final BpfCompiler compiler;
    private int[] linkTypes = new int[2];
    private BpfInterpreter[] interpreters = new BpfInterpreter[2];
    private int count;
    /** The last link type looked up and its interpreter: frames of one file rarely change link type. */
    private int lastLinkType = -1;
    private BpfInterpreter last;

    public FrameFilter(String expression, BpfCompiler compiler) {
        this.expression = expression;
        this.compiler = compiler;
    }

    public String expression() {
        return expression;
    }

    /** Compiles the expression for {@code linkType} unless that was done already. */
    public void prepare(int linkType) throws CaptureException {
        if (find(linkType) != null) {
            return;
        }
        BpfProgram program = compiler.compile(expression, linkType, 0);
        BpfInterpreter interpreter;
        try {
            interpreter = new BpfInterpreter(program);
        } catch (IllegalArgumentException e) {
            throw new CaptureException("filter \"" + expression + "\" cannot run in the Java reader ("
                    + e.getMessage() + "); use the libpcap reader for it");
        }
        if (count == linkTypes.length) {
            linkTypes = Arrays.copyOf(linkTypes, count * 2);
            interpreters = Arrays.copyOf(interpreters, count * 2);
        }
        linkTypes[count] = linkType;
        interpreters[count] = interpreter;
        count++;
    }

    /**
     * Whether the frame passes. The frame's link type must have been {@link #prepare prepared}.
     *
     * @throws IllegalStateException if it was not (a bug in the reader)
     */
    public boolean accepts(Frame frame) {
        int linkType = frame.linkType();
        BpfInterpreter interpreter = linkType == lastLinkType ? last : find(linkType);
        if (interpreter == null) {
            throw new IllegalStateException("filter not prepared for link type " + linkType);
        }
        lastLinkType = linkType;
        last = interpreter;
        return interpreter.matches(frame.data(), frame.offset(), frame.capturedLength(), frame.originalLength());
    }

    private BpfInterpreter find(int linkType) {
        for (int i = 0; i < count; i++) {
            if (linkTypes[i] == linkType) {
                return interpreters[i];
            }
        }
        return null;
    }
}
