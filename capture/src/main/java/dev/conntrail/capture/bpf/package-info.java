/**
 * Classic BPF in plain Java: {@link dev.conntrail.capture.bpf.BpfProgram} (what libpcap compiled),
 * {@link dev.conntrail.capture.bpf.BpfInterpreter} (runs it with libpcap's semantics, allocation-free) and
 * {@link dev.conntrail.capture.bpf.FrameFilter} (one expression, one program per link type of a file).
 */
package dev.conntrail.capture.bpf;
