package dev.conntrail.capture.bpf;

import java.nio.ByteOrder;

import dev.conntrail.capture.CaptureException;

/**
 * Turns a tcpdump filter expression into a {@link BpfProgram} for frames of one link type from a file of
 * one byte order. The real one is libpcap's compiler
 * ({@code dev.conntrail.capture.pcap.FilterCompiler}), so expressions mean exactly what they mean
 * to tcpdump; tests may pass a hand-written one.
 */
@FunctionalInterface
public interface BpfCompiler {

    /**
     * @param linkType      a LINKTYPE_ value as capture files carry it
     * @param fileByteOrder the byte order of the file (pcapng: of the section) the frames come from, which
     *                      libpcap needs for link types whose headers are in the capturing host's order
     * @throws CaptureException with a one-line message for the user if the expression does not compile
     */
    BpfProgram compile(String expression, int linkType, ByteOrder fileByteOrder) throws CaptureException;
}
