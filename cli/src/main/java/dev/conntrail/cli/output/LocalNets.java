package dev.conntrail.cli.output;

import dev.conntrail.tracker.segment.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** Zeek's {@code Site::local_nets}: the networks whose addresses count as local (local_orig / local_resp). */
public final class LocalNets {
    private record Net(long hi, long lo, int bits) {
        boolean contains(IpAddress a) {
            if (bits == 0) {
                return true;
            }
            if (bits <= 64) {
                long mask = bits == 64 ? -1L : ~(-1L >>> bits);
                return (a.hi() & mask) == (hi & mask);
            }
            long mask = bits == 128 ? -1L : ~(-1L >>> (bits - 64));
            return a.hi() == hi && (a.lo() & mask) == (lo & mask);
        }
    }

    private final List<Net> nets;

    private LocalNets(List<Net> nets) {
        this.nets = nets;
    }

    /** No local networks configured: local_orig and local_resp stay unset. */
    public static final LocalNets NONE = new LocalNets(List.of());

    /** Parses {@code 10.0.0.0/8,fd00::/8}; an IPv4 prefix length counts within the mapped address. */
    public static LocalNets parse(String spec) {
        List<Net> nets = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            IpAddress a = IpAddress.parse(slash < 0 ? p : p.substring(0, slash));
            int max = a.v6() ? 128 : 32;
            int bits = slash < 0 ? max : Integer.parseInt(p.substring(slash + 1));
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("bad prefix length in '" + p + "'");
            }
            nets.add(new Net(a.hi(), a.lo(), a.v6() ? bits : 96 + bits));
        }
        return new LocalNets(nets);
    }

    public boolean configured() {
        return !nets.isEmpty();
    }

    public boolean contains(IpAddress a) {
        for (Net n : nets) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
