package dev.conntrail.capture.wire;

/** IP protocol / IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers") the decoder knows. */
final class IpProtocol {
    static final int HOP_BY_HOP = 0;
    static final int IPIP = 4;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int IPV6 = 41;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int GRE = 47;
    static final int AH = 51;
    static final int NO_NEXT_HEADER = 59;
    static final int DESTINATION_OPTIONS = 60;
    static final int MOBILITY = 135;
    static final int HIP = 139;
    static final int SHIM6 = 140;

    private IpProtocol() {
    }

    /** Extension headers with the generic "next header, length in 8-octet units minus one" layout (RFC 8200 4.1). */
    static boolean isGenericIpv6Extension(int nextHeader) {
        return nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == DESTINATION_OPTIONS
                || nextHeader == MOBILITY || nextHeader == HIP || nextHeader == SHIM6;
    }
}
