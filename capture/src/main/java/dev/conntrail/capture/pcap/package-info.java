/**
 * Everything native: libpcap through pcap4j (to open) and a thin direct-mapped JNA binding (to read, compile
 * filters, and later capture live). {@link dev.conntrail.capture.pcap.LibpcapFiles} is the reference reader
 * ({@code --reader libpcap}); {@link dev.conntrail.capture.pcap.FilterCompiler} turns filter expressions into
 * plain {@link dev.conntrail.capture.bpf.BpfProgram}s. No pcap4j or JNA type leaves this package; their
 * failures become {@link dev.conntrail.capture.CaptureException}s with one line for the user.
 */
package dev.conntrail.capture.pcap;
