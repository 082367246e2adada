package dev.conntrail.capture.bpf;

import static dev.conntrail.capture.bpf.BpfProgram.instruction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Classic BPF run in Java, instruction by instruction, on hand-assembled programs (the opcodes are those of
 * {@code tcpdump -d}; each program is listed next to its test).
 */
class BpfInterpreterTest {

    // Opcodes as tcpdump -dd prints them.
    static final int LD_W_ABS = 0x20;
    static final int LD_H_ABS = 0x28;
    static final int LD_B_ABS = 0x30;
    static final int LD_W_IND = 0x40;
    static final int LD_H_IND = 0x48;
    static final int LD_B_IND = 0x50;
    static final int LD_W_LEN = 0x80;
    static final int LD_IMM = 0x00;
    static final int LDX_IMM = 0x01;
    static final int LDX_LEN = 0x81;
    static final int LDX_MSH = 0xb1;
    static final int LD_MEM = 0x60;
    static final int LDX_MEM = 0x61;
    static final int ST = 0x02;
    static final int STX = 0x03;
    static final int ADD_K = 0x04;
    static final int SUB_X = 0x1c;
    static final int MUL_K = 0x24;
    static final int DIV_K = 0x34;
    static final int DIV_X = 0x3c;
    static final int MOD_X = 0x9c;
    static final int AND_K = 0x54;
    static final int OR_K = 0x44;
    static final int XOR_X = 0xac;
    static final int LSH_K = 0x64;
    static final int RSH_X = 0x7c;
    static final int NEG = 0x84;
    static final int JA = 0x05;
    static final int JEQ_K = 0x15;
    static final int JGT_K = 0x25;
    static final int JGE_K = 0x35;
    static final int JSET_K = 0x45;
    static final int JEQ_X = 0x1d;
    static final int JGT_X = 0x2d;
    static final int RET_K = 0x06;
    static final int RET_A = 0x16;
    static final int TAX = 0x07;
    static final int TXA = 0x87;

    private static BpfInterpreter program(long... instructions) {
        return new BpfInterpreter(new BpfProgram("test", 1, instructions));
    }

    private static long i(int code, int jt, int jf, int k) {
        return instruction(code, jt, jf, k);
    }

    private static long i(int code, int k) {
        return instruction(code, 0, 0, k);
    }

    /** Runs over the whole array as captured bytes, with the original length equal to it. */
    private static int run(BpfInterpreter interpreter, byte... packet) {
        return interpreter.run(packet, 0, packet.length, packet.length);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int j = 0; j < values.length; j++) {
            bytes[j] = (byte) values[j];
        }
        return bytes;
    }

    @Nested
    class Loads {

        @Test
        void absoluteLoads_areBigEndianAndUnsigned() {
            // ld [0]; ret a    /   ldh [1]; ret a   /   ldb [3]; ret a
            byte[] packet = bytes(0xf1, 0xf2, 0xf3, 0xf4);
            assertEquals(0xf1f2f3f4, run(program(i(LD_W_ABS, 0), i(RET_A, 0)), packet));
            assertEquals(0xf2f3, run(program(i(LD_H_ABS, 1), i(RET_A, 0)), packet));
            assertEquals(0xf4, run(program(i(LD_B_ABS, 3), i(RET_A, 0)), packet));
        }

        @Test
        void loadPastTheCapturedBytes_rejectsThePacket() {
            // ld [1]; ret #1: needs bytes 1..4 of a 4-byte capture.
            assertEquals(0, run(program(i(LD_W_ABS, 1), i(RET_K, 1)), bytes(1, 2, 3, 4)));
            assertEquals(0, run(program(i(LD_H_ABS, 3), i(RET_K, 1)), bytes(1, 2, 3, 4)));
            assertEquals(0, run(program(i(LD_B_ABS, 4), i(RET_K, 1)), bytes(1, 2, 3, 4)));
            assertEquals(0, run(program(i(LD_B_ABS, 0xffff_ffff), i(RET_K, 1)), bytes(1, 2, 3, 4)));
        }

        @Test
        void boundsAreTheCapturedLength_notTheOriginalLength() {
            BpfInterpreter ldb = program(i(LD_B_ABS, 10), i(RET_K, 1));
            assertEquals(0, ldb.run(new byte[64], 0, 10, 1500));
            assertEquals(1, ldb.run(new byte[64], 0, 11, 1500));
        }

        @Test
        void framesAreReadAtTheirOffset() {
            byte[] buffer = bytes(9, 9, 9, 0x12, 0x34);
            assertEquals(0x1234, program(i(LD_H_ABS, 0), i(RET_A, 0)).run(buffer, 3, 2, 2));
        }

        @Test
        void indirectLoads_addX_andCheckForOverflow() {
            // ldx #2; ldh [x + 1]; ret a
            assertEquals(0x0405, run(program(i(LDX_IMM, 2), i(LD_H_IND, 1), i(RET_A, 0)), bytes(1, 2, 3, 4, 5)));
            assertEquals(0x03, run(program(i(LDX_IMM, 2), i(LD_B_IND, 0), i(RET_A, 0)), bytes(1, 2, 3)));
            assertEquals(0, run(program(i(LDX_IMM, 2), i(LD_W_IND, 0), i(RET_A, 0)), bytes(1, 2, 3, 4, 5)));
            // x + k wraps around 2^32 in C; it must still count as out of bounds.
            assertEquals(0, run(program(i(LDX_IMM, 0xffff_ffff), i(LD_B_IND, 1), i(RET_K, 1)), bytes(1, 2, 3)));
        }

        @Test
        void lengthLoads_giveTheOriginalLength() {
            assertEquals(1500, program(i(LD_W_LEN, 0), i(RET_A, 0)).run(new byte[60], 0, 60, 1500));
            assertEquals(1500, program(i(LDX_LEN, 0), i(TXA, 0), i(RET_A, 0)).run(new byte[60], 0, 60, 1500));
        }

        @Test
        void msh_loadsAnIpv4HeaderLength() {
            // ldxb 4*([0]&0xf); txa; ret a  on a byte 0x45 -> 20
            assertEquals(20, run(program(i(LDX_MSH, 0), i(TXA, 0), i(RET_A, 0)), bytes(0x45)));
            assertEquals(0, run(program(i(LDX_MSH, 1), i(RET_K, 1)), bytes(0x45)));
        }

        @Test
        void scratchMemory_holdsValuesBetweenInstructions_andStartsEmpty() {
            // ld #7; st M[3]; ldx M[3]; ld M[15]; add #0; ... ret x
            BpfInterpreter interpreter = program(i(LD_IMM, 7), i(ST, 3), i(LDX_MEM, 3), i(STX, 15), i(LD_MEM, 15),
                    i(ADD_K, 1), i(RET_A, 0));
            assertEquals(8, run(interpreter));
            assertEquals(0, run(program(i(LD_MEM, 5), i(RET_A, 0))));
        }
    }

    @Nested
    class Arithmetic {

        @Test
        void aluOperations_areUnsigned32Bit() {
            assertEquals(0xffff_fffe, run(program(i(LD_IMM, 0x7fff_ffff), i(MUL_K, 2), i(RET_A, 0))));
            assertEquals(0x7fff_ffff, run(program(i(LD_IMM, 0xffff_fffe), i(DIV_K, 2), i(RET_A, 0))));
            assertEquals(0x0f0, run(program(i(LD_IMM, 0xff0), i(AND_K, 0x0ff), i(RET_A, 0))));
            assertEquals(0xff0f, run(program(i(LD_IMM, 0xff00), i(OR_K, 0x0f), i(RET_A, 0))));
            assertEquals(0x100, run(program(i(LD_IMM, 1), i(LSH_K, 8), i(RET_A, 0))));
            assertEquals(-5, run(program(i(LD_IMM, 5), i(NEG, 0), i(RET_A, 0))));
            assertEquals(2, run(program(i(LDX_IMM, 3), i(LD_IMM, 5), i(SUB_X, 0), i(RET_A, 0))));
            assertEquals(6, run(program(i(LDX_IMM, 3), i(LD_IMM, 5), i(XOR_X, 0), i(RET_A, 0))));
            assertEquals(2, run(program(i(LDX_IMM, 3), i(LD_IMM, 0xffff_fffe), i(MOD_X, 0), i(RET_A, 0))));
        }

        @Test
        void divisionByAZeroX_rejectsThePacket() {
            assertEquals(0, run(program(i(LDX_IMM, 0), i(LD_IMM, 5), i(DIV_X, 0), i(RET_K, 1))));
            assertEquals(0, run(program(i(LDX_IMM, 0), i(LD_IMM, 5), i(MOD_X, 0), i(RET_K, 1))));
        }

        @Test
        void shiftByXOf32OrMore_givesZero() {
            assertEquals(0, run(program(i(LDX_IMM, 32), i(LD_IMM, -1), i(RSH_X, 0), i(RET_A, 0))));
            assertEquals(1, run(program(i(LDX_IMM, 31), i(LD_IMM, -1), i(RSH_X, 0), i(RET_A, 0))));
        }

        @Test
        void taxAndTxa_moveBetweenRegisters() {
            assertEquals(9, run(program(i(LD_IMM, 9), i(TAX, 0), i(LD_IMM, 0), i(TXA, 0), i(RET_A, 0))));
        }
    }

    @Nested
    class Jumps {

        @Test
        void conditionalJumps_compareUnsigned() {
            // ld #A; jgt #0x7fffffff, 0, 1; ret #1; ret #2
            BpfInterpreter above = program(i(LD_IMM, 0x8000_0000), i(JGT_K, 0, 1, 0x7fff_ffff), i(RET_K, 1), i(RET_K, 2));
            assertEquals(1, run(above));
            BpfInterpreter atLeast = program(i(LD_IMM, 5), i(JGE_K, 0, 1, 5), i(RET_K, 1), i(RET_K, 2));
            assertEquals(1, run(atLeast));
            BpfInterpreter set = program(i(LD_IMM, 0x12), i(JSET_K, 1, 0, 0x02), i(RET_K, 1), i(RET_K, 2));
            assertEquals(2, run(set));
            BpfInterpreter equalX = program(i(LDX_IMM, 4), i(LD_IMM, 4), i(JEQ_X, 1, 0, 0), i(RET_K, 1), i(RET_K, 2));
            assertEquals(2, run(equalX));
            BpfInterpreter aboveX = program(i(LDX_IMM, -1), i(LD_IMM, 4), i(JGT_X, 1, 0, 0), i(RET_K, 1), i(RET_K, 2));
            assertEquals(1, run(aboveX));
        }

        @Test
        void unconditionalJump_skipsForward() {
            assertEquals(3, run(program(i(JA, 1), i(RET_K, 2), i(RET_K, 3))));
        }

        @Test
        void etherTypeCheck_acceptsOnlyIpv4() {
            // tcpdump -d ip: ldh [12]; jeq #0x800, 0, 1; ret #262144; ret #0
            BpfInterpreter ip = program(i(LD_H_ABS, 12), i(JEQ_K, 0, 1, 0x800), i(RET_K, 262144), i(RET_K, 0));
            byte[] frame = new byte[60];
            frame[12] = 0x08;
            assertTrue(ip.matches(frame, 0, 60, 60));
            frame[12] = (byte) 0x86;
            frame[13] = (byte) 0xdd;
            assertFalse(ip.matches(frame, 0, 60, 60));
            assertFalse(ip.matches(frame, 0, 13, 60), "the ethertype is not captured");
        }
    }

    @Nested
    class Validation {

        private String rejection(long... instructions) {
            return assertThrows(IllegalArgumentException.class, () -> program(instructions)).getMessage();
        }

        @Test
        void emptyProgram() {
            assertEquals("invalid BPF program for \"test\": the program has 0 instructions (1 to 4096 allowed)",
                    rejection());
        }

        @Test
        void programNotEndingInRet() {
            assertEquals("invalid BPF program for \"test\": instruction 1 is the last instruction but not a ret",
                    rejection(i(LD_IMM, 1), i(LD_IMM, 2)));
        }

        @Test
        void jumpPastTheEnd() {
            assertEquals("invalid BPF program for \"test\": instruction 0 jumps past the end (jt +2, jf +0)",
                    rejection(i(JEQ_K, 2, 0, 1), i(RET_K, 0), i(RET_K, 1)));
            assertEquals("invalid BPF program for \"test\": instruction 0 jumps past the end (ja +2)",
                    rejection(i(JA, 2), i(RET_K, 0), i(RET_K, 1)));
        }

        @Test
        void backwardJump_asLibpcapEmitsForProtochain() {
            assertEquals("invalid BPF program for \"test\": instruction 1 jumps backward (ja -1)",
                    rejection(i(LD_IMM, 0), i(JA, -1), i(RET_K, 0)));
        }

        @Test
        void scratchSlotThatDoesNotExist() {
            assertEquals("invalid BPF program for \"test\": instruction 0 uses scratch slot 16 (0 to 15 exist)",
                    rejection(i(ST, 16), i(RET_K, 0)));
        }

        @Test
        void divisionByTheConstantZero() {
            assertEquals("invalid BPF program for \"test\": instruction 0 divides by the constant 0",
                    rejection(i(DIV_K, 0), i(RET_K, 0)));
        }

        @Test
        void shiftByAConstantOf32() {
            assertEquals("invalid BPF program for \"test\": instruction 0 shifts by the constant 32",
                    rejection(i(LSH_K, 32), i(RET_K, 0)));
        }

        @Test
        void unknownOpcodes() {
            assertEquals("invalid BPF program for \"test\": instruction 0 has the unknown load opcode 0x38",
                    rejection(i(0x38, 0), i(RET_K, 0)));
            assertEquals("invalid BPF program for \"test\": instruction 0 has the unknown ret opcode 0xe",
                    rejection(i(0x0e, 0)));
            assertEquals("invalid BPF program for \"test\": instruction 0 has the unknown misc opcode 0xf",
                    rejection(i(0x0f, 0), i(RET_K, 0)));
            assertEquals("invalid BPF program for \"test\": instruction 0 has the unknown load opcode 0x21",
                    rejection(i(0x21, 0), i(RET_K, 0)));
        }
    }
}
