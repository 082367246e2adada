package dev.conntrail.capture.bpf;

import java.util.Arrays;

/**
 * A classic BPF program as libpcap compiled it: plain Java values, no native memory.
 *
 * <p>Each instruction is one {@code long} packing the four fields of {@code struct bpf_insn}:
 * <pre>
 *   63        48 47    40 39    32 31                               0
 *  +------------+--------+--------+----------------------------------+
 *  |    code    |   jt   |   jf   |                k                 |
 *  +------------+--------+--------+----------------------------------+
 * </pre>
 * which is the order {@code tcpdump -dd} prints them in.
 *
 * @param expression   the filter expression it was compiled from (for messages)
 * @param linkType     the link type it was compiled for (a LINKTYPE_ value, as frames carry it)
 * @param instructions the packed instructions
 */
public record BpfProgram(String expression, int linkType, long[] instructions) {

    public BpfProgram {
        instructions = instructions.clone();
    }

    /** Packs one instruction. */
    public static long instruction(int code, int jt, int jf, int k) {
        return ((long) (code & 0xffff) << 48) | ((long) (jt & 0xff) << 40) | ((long) (jf & 0xff) << 32)
                | (k & 0xffff_ffffL);
    }

    public static int code(long instruction) {
        return (int) (instruction >>> 48) & 0xffff;
    }

    public static int jt(long instruction) {
        return (int) (instruction >>> 40) & 0xff;
    }

    public static int jf(long instruction) {
        return (int) (instruction >>> 32) & 0xff;
    }

    public static int k(long instruction) {
        return (int) instruction;
    }

    public int length() {
        return instructions.length;
    }

    @Override
    public long[] instructions() {
        return instructions.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BpfProgram that && expression.equals(that.expression)
                && linkType == that.linkType && Arrays.equals(instructions, that.instructions);
    }

    @Override
    public int hashCode() {
        return (expression.hashCode() * 31 + linkType) * 31 + Arrays.hashCode(instructions);
    }

    /** The program in {@code tcpdump -dd} form, one instruction per line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("BpfProgram \"").append(expression).append("\" for link type ")
                .append(linkType).append(":");
        for (long insn : instructions) {
            text.append(String.format("%n{ 0x%x, %d, %d, 0x%08x },", code(insn), jt(insn), jf(insn), k(insn)));
        }
        return text.toString();
    }
}
