package dev.conntrail.capture.bpf;

import java.util.Arrays;

/**
 * Runs a classic BPF program over one frame, in Java, with the semantics of libpcap's {@code bpf_filter}:
 * the accumulator {@code A} and index register {@code X} are unsigned 32-bit, loads are big-endian, every
 * packet load is checked against the <em>captured</em> length and rejects the packet when it falls outside
 * (as libpcap and the kernel do), {@code len} is the <em>original</em> length, and a division or modulo by
 * a zero {@code X} rejects the packet.
 *
 * <p>The program is validated once, here, with the rules of libpcap's {@code bpf_validate}: known opcodes
 * only, scratch-memory slots below {@value #MEMORY_WORDS}, no division by a constant zero or shift by a
 * constant of 32 or more, a {@code ret} at the end; and, stricter than libpcap, every jump forward (libpcap
 * itself emits backward jumps only for {@code protochain}, which the kernel rejects too); so {@link #run} needs no checks beyond the packet bounds. Nothing is allocated per packet.
 * An instance keeps scratch memory and is not thread-safe.
 *
 * <p>Linux's negative-offset extensions (SKF_AD_*) are not interpreted: libpcap emits them only for live
 * Linux sockets, never for a program compiled on a savefile handle (as
 * {@code dev.conntrail.capture.pcap.FilterCompiler} compiles for the Java reader); such a load is simply out of
 * bounds and rejects the packet, as libpcap's own userland interpreter does without auxiliary data.
 */
public final class BpfInterpreter {

    /** BPF_MEMWORDS. */
    public static final int MEMORY_WORDS = 16;
    /** BPF_MAXINSNS. */
    public static final int MAX_INSTRUCTIONS = 4096;

    // Instruction classes (code & 0x07).
    static final int LD = 0x00;
    static final int LDX = 0x01;
    static final int ST = 0x02;
    static final int STX = 0x03;
    static final int ALU = 0x04;
    static final int JMP = 0x05;
    static final int RET = 0x06;
    static final int MISC = 0x07;
    // Load sizes (code & 0x18).
    static final int W = 0x00;
    static final int H = 0x08;
    static final int B = 0x10;
    // Load modes (code & 0xe0).
    static final int IMM = 0x00;
    static final int ABS = 0x20;
    static final int IND = 0x40;
    static final int MEM = 0x60;
    static final int LEN = 0x80;
    static final int MSH = 0xa0;
    // ALU operations (code & 0xf0).
    static final int ADD = 0x00;
    static final int SUB = 0x10;
    static final int MUL = 0x20;
    static final int DIV = 0x30;
    static final int OR = 0x40;
    static final int AND = 0x50;
    static final int LSH = 0x60;
    static final int RSH = 0x70;
    static final int NEG = 0x80;
    static final int MOD = 0x90;
    static final int XOR = 0xa0;
    // Jumps (code & 0xf0).
    static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JGT = 0x20;
    static final int JGE = 0x30;
    static final int JSET = 0x40;
    // Operand source (code & 0x08) and return value (code & 0x18).
    static final int K = 0x00;
    static final int X = 0x08;
    static final int RET_A = 0x10;
    // MISC operations (code & 0xf8).
    static final int TAX = 0x00;
    static final int TXA = 0x80;

    private final BpfProgram program;
    private final int[] codes;
    private final int[] jumpTrue;
    private final int[] jumpFalse;
    private final int[] constants;
    private final int[] memory = new int[MEMORY_WORDS];
    private final boolean usesMemory;

    /** @throws IllegalArgumentException if the program is not a valid classic BPF program */
    public BpfInterpreter(BpfProgram program) {
        this.program = program;
        long[] instructions = program.instructions();
        int n = instructions.length;
        if (n == 0 || n > MAX_INSTRUCTIONS) {
            throw invalid(program, -1, "has " + n + " instructions (1 to " + MAX_INSTRUCTIONS + " allowed)");
        }
        codes = new int[n];
        jumpTrue = new int[n];
        jumpFalse = new int[n];
        constants = new int[n];
        boolean memoryUsed = false;
        for (int pc = 0; pc < n; pc++) {
            long insn = instructions[pc];
            codes[pc] = BpfProgram.code(insn);
            jumpTrue[pc] = BpfProgram.jt(insn);
            jumpFalse[pc] = BpfProgram.jf(insn);
            constants[pc] = BpfProgram.k(insn);
            memoryUsed |= validate(program, pc, n);
        }
        if ((codes[n - 1] & 0x07) != RET) {
            throw invalid(program, n - 1, "is the last instruction but not a ret");
        }
        usesMemory = memoryUsed;
    }

    public BpfProgram program() {
        return program;
    }

    /** Checks instruction {@code pc}; returns whether it touches scratch memory. */
    private boolean validate(BpfProgram program, int pc, int n) {
        int code = codes[pc];
        int k = constants[pc];
        switch (code & 0x07) {
            case LD:
            case LDX: {
                int mode = code & 0xe0;
                int size = code & 0x18;
                boolean ld = (code & 0x07) == LD;
                boolean known = switch (mode) {
                    case IMM, LEN -> size == W;
                    case MEM -> size == W;
                    case ABS, IND -> ld && (size == W || size == H || size == B);
                    case MSH -> !ld && size == B;
                    default -> false;
                };
                if (!known || (code & ~0xff) != 0) {
                    throw invalid(program, pc, "has the unknown load opcode 0x" + Integer.toHexString(code));
                }
                if (mode == MEM) {
                    checkSlot(program, pc, k);
                    return true;
                }
                return false;
            }
            case ST:
            case STX:
                if (code != ST && code != STX) {
                    throw invalid(program, pc, "has the unknown store opcode 0x" + Integer.toHexString(code));
                }
                checkSlot(program, pc, k);
                return true;
            case ALU: {
                int op = code & 0xf0;
                if (op > XOR || (code & ~0xff) != 0 || (op == NEG && (code & X) != 0)) {
                    throw invalid(program, pc, "has the unknown ALU opcode 0x" + Integer.toHexString(code));
                }
                if ((op == DIV || op == MOD) && (code & X) == K && k == 0) {
                    throw invalid(program, pc, "divides by the constant 0");
                }
                if ((op == LSH || op == RSH) && (code & X) == K && Integer.toUnsignedLong(k) >= 32) {
                    throw invalid(program, pc, "shifts by the constant " + Integer.toUnsignedString(k));
                }
                return false;
            }
            case JMP: {
                int op = code & 0xf0;
                if (op > JSET || (code & ~0xff) != 0 || (op == JA && (code & X) != 0)) {
                    throw invalid(program, pc, "has the unknown jump opcode 0x" + Integer.toHexString(code));
                }
                if (op == JA) {
                    if (k < 0 && k > -MAX_INSTRUCTIONS) {
                        throw invalid(program, pc, "jumps backward (ja " + k + ")");
                    }
                    if (Integer.toUnsignedLong(k) >= n - pc - 1) {
                        throw invalid(program, pc, "jumps past the end (ja +" + Integer.toUnsignedString(k) + ")");
                    }
                } else if (jumpTrue[pc] >= n - pc - 1 || jumpFalse[pc] >= n - pc - 1) {
                    throw invalid(program, pc, "jumps past the end (jt +" + jumpTrue[pc] + ", jf +"
                            + jumpFalse[pc] + ")");
                }
                return false;
            }
            case RET: {
                if (code != (RET | K) && code != (RET | RET_A)) {
                    throw invalid(program, pc, "has the unknown ret opcode 0x" + Integer.toHexString(code));
                }
                return false;
            }
            default: { // MISC
                if (code != (MISC | TAX) && code != (MISC | TXA)) {
                    throw invalid(program, pc, "has the unknown misc opcode 0x" + Integer.toHexString(code));
                }
                return false;
            }
        }
    }

    private static void checkSlot(BpfProgram program, int pc, int k) {
        if (Integer.toUnsignedLong(k) >= MEMORY_WORDS) {
            throw invalid(program, pc, "uses scratch slot " + Integer.toUnsignedString(k) + " (0 to "
                    + (MEMORY_WORDS - 1) + " exist)");
        }
    }

    private static IllegalArgumentException invalid(BpfProgram program, int pc, String what) {
        String where = pc < 0 ? "the program" : "instruction " + pc;
        return new IllegalArgumentException("invalid BPF program for \"" + program.expression() + "\": "
                + where + " " + what);
    }

    /** Whether the program accepts the frame (returns nonzero). */
    public boolean matches(byte[] data, int offset, int capturedLength, int originalLength) {
        return run(data, offset, capturedLength, originalLength) != 0;
    }

    /**
     * Runs the program over {@code capturedLength} bytes of {@code data} from {@code offset}; returns what
     * its {@code ret} returns (0 = reject; libpcap accepts on any other value).
     */
    public int run(byte[] data, int offset, int capturedLength, int originalLength) {
        if (usesMemory) {
            Arrays.fill(memory, 0);
        }
        final int[] codes = this.codes;
        final int[] ks = this.constants;
        int a = 0;
        int x = 0;
        int pc = 0;
        while (true) {
            int k = ks[pc];
            switch (codes[pc]) {
                case RET | K:
                    return k;
                case RET | RET_A:
                    return a;

                case LD | W | ABS:
                    if (Integer.toUnsignedLong(k) > capturedLength - 4L) {
                        return 0;
                    }
                    a = word(data, offset + k);
                    break;
                case LD | H | ABS:
                    if (Integer.toUnsignedLong(k) > capturedLength - 2L) {
                        return 0;
                    }
                    a = half(data, offset + k);
                    break;
                case LD | B | ABS:
                    if (Integer.toUnsignedLong(k) >= capturedLength) {
                        return 0;
                    }
                    a = data[offset + k] & 0xff;
                    break;
                case LD | W | IND: {
                    long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
                    if (at > capturedLength - 4L) {
                        return 0;
                    }
                    a = word(data, offset + (int) at);
                    break;
                }
                case LD | H | IND: {
                    long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
                    if (at > capturedLength - 2L) {
                        return 0;
                    }
                    a = half(data, offset + (int) at);
                    break;
                }
                case LD | B | IND: {
                    long at = Integer.toUnsignedLong(x) + Integer.toUnsignedLong(k);
                    if (at >= capturedLength) {
                        return 0;
                    }
                    a = data[offset + (int) at] & 0xff;
                    break;
                }
                case LD | W | LEN:
                    a = originalLength;
                    break;
                case LDX | W | LEN:
                    x = originalLength;
                    break;
                case LD | W | IMM:
                    a = k;
                    break;
                case LDX | W | IMM:
                    x = k;
                    break;
                case LD | W | MEM:
                    a = memory[k];
                    break;
                case LDX | W | MEM:
                    x = memory[k];
                    break;
                case LDX | B | MSH:
                    if (Integer.toUnsignedLong(k) >= capturedLength) {
                        return 0;
                    }
                    x = (data[offset + k] & 0x0f) << 2;
                    break;
                case ST:
                    memory[k] = a;
                    break;
                case STX:
                    memory[k] = x;
                    break;

                case JMP | JA:
                    pc += k;
                    break;
                case JMP | JEQ | K:
                    pc += a == k ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JGT | K:
                    pc += Integer.compareUnsigned(a, k) > 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JGE | K:
                    pc += Integer.compareUnsigned(a, k) >= 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JSET | K:
                    pc += (a & k) != 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JEQ | X:
                    pc += a == x ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JGT | X:
                    pc += Integer.compareUnsigned(a, x) > 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JGE | X:
                    pc += Integer.compareUnsigned(a, x) >= 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;
                case JMP | JSET | X:
                    pc += (a & x) != 0 ? jumpTrue[pc] : jumpFalse[pc];
                    break;

                case ALU | ADD | K:
                    a += k;
                    break;
                case ALU | SUB | K:
                    a -= k;
                    break;
                case ALU | MUL | K:
                    a *= k;
                    break;
                case ALU | DIV | K:
                    a = Integer.divideUnsigned(a, k);
                    break;
                case ALU | MOD | K:
                    a = Integer.remainderUnsigned(a, k);
                    break;
                case ALU | AND | K:
                    a &= k;
                    break;
                case ALU | OR | K:
                    a |= k;
                    break;
                case ALU | XOR | K:
                    a ^= k;
                    break;
                case ALU | LSH | K:
                    a = shiftLeft(a, k);
                    break;
                case ALU | RSH | K:
                    a = shiftRight(a, k);
                    break;
                case ALU | ADD | X:
                    a += x;
                    break;
                case ALU | SUB | X:
                    a -= x;
                    break;
                case ALU | MUL | X:
                    a *= x;
                    break;
                case ALU | DIV | X:
                    if (x == 0) {
                        return 0;
                    }
                    a = Integer.divideUnsigned(a, x);
                    break;
                case ALU | MOD | X:
                    if (x == 0) {
                        return 0;
                    }
                    a = Integer.remainderUnsigned(a, x);
                    break;
                case ALU | AND | X:
                    a &= x;
                    break;
                case ALU | OR | X:
                    a |= x;
                    break;
                case ALU | XOR | X:
                    a ^= x;
                    break;
                case ALU | LSH | X:
                    a = shiftLeft(a, x);
                    break;
                case ALU | RSH | X:
                    a = shiftRight(a, x);
                    break;
                case ALU | NEG:
                    a = -a;
                    break;

                case MISC | TAX:
                    x = a;
                    break;
                case MISC | TXA:
                    a = x;
                    break;
                default:
                    // Unreachable: the constructor rejected every other opcode.
                    throw new IllegalStateException("unvalidated opcode " + codes[pc]);
            }
            pc++;
        }
    }

    /** A shift by 32 or more (only possible by X) leaves 0, as in libpcap's interpreter. */
    private static int shiftLeft(int value, int by) {
        return Integer.compareUnsigned(by, 32) < 0 ? value << by : 0;
    }

    private static int shiftRight(int value, int by) {
        return Integer.compareUnsigned(by, 32) < 0 ? value >>> by : 0;
    }

    private static int word(byte[] data, int at) {
        return (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8
                | (data[at + 3] & 0xff);
    }

    private static int half(byte[] data, int at) {
        return (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
    }
}
