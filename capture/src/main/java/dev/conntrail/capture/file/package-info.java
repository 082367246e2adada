/**
 * The pure-Java capture-file reader, the fast default for {@code -r}: {@link dev.conntrail.capture.file.CaptureFiles}
 * opens pcap (both byte orders, micro- and nanoseconds, the modified format) and pcapng (any number of
 * sections and interfaces) and returns a {@link dev.conntrail.capture.PacketSource} that hands out frames as
 * windows into one reused buffer. Filters are compiled by libpcap and run in Java
 * ({@link dev.conntrail.capture.bpf}).
 */
package dev.conntrail.capture.file;
