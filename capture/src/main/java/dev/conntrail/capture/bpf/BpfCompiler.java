package dev.conntrail.capture.bpf;

import dev.conntrail.capture.CaptureException;

/**
 * Turns a tcpdump filter expression into a {@link BpfProgram} for one link type. The real one is libpcap's
 * compiler ({@code dev.conntrail.capture.pcap.FilterCompiler::compile}), so expressions mean exactly what
 * they mean to tcpdump; tests may pass a hand-written one.
 */
@FunctionalInterface
public interface BpfCompiler {

    /**
     * @param linkType a LINKTYPE_ value as capture files carry it
     * @param snaplen  the snapshot length the program may assume (0 = libpcap's maximum)
     * @throws CaptureException with a one-line message for the user if the expression does not compile
     */
    BpfProgram compile(String expression, int linkType, int snaplen) throws CaptureException;
}
