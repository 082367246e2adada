package dev.conntrail.capture.wire;

/** The EtherType values the decoder follows (IEEE 802 numbers; GRE and Geneve reuse them as protocol types). */
final class EtherType {
    static final int IPV4 = 0x0800;
    /** 802.1Q customer VLAN tag. */
    static final int VLAN = 0x8100;
    /** 802.1ad service VLAN tag (QinQ outer tag). */
    static final int QINQ = 0x88A8;
    /** Pre-standard QinQ outer tags some switches still send. */
    static final int QINQ_OLD_9100 = 0x9100;
    static final int QINQ_OLD_9200 = 0x9200;
    static final int IPV6 = 0x86DD;
    static final int MPLS_UNICAST = 0x8847;
    static final int MPLS_MULTICAST = 0x8848;
    static final int PPPOE_SESSION = 0x8864;
    /** GRE and Geneve payload: a whole Ethernet frame (transparent Ethernet bridging). */
    static final int TRANSPARENT_ETHERNET = 0x6558;
    /** GRE payload: ERSPAN type I/II mirrored Ethernet. */
    static final int ERSPAN_II = 0x88BE;
    /** GRE payload: ERSPAN type III mirrored Ethernet. */
    static final int ERSPAN_III = 0x22EB;
    /** GRE version 1 (PPTP) payload: PPP. */
    static final int PPP = 0x880B;
    /** Values up to this are an 802.3 length, not a type (IEEE 802.3 clause 3.2.6). */
    static final int MAX_8023_LENGTH = 1500;
    /** Values from this on are EtherTypes. */
    static final int MIN_ETHERTYPE = 0x0600;

    private EtherType() {
    }

    static boolean isVlanTag(int type) {
        return type == VLAN || type == QINQ || type == QINQ_OLD_9100 || type == QINQ_OLD_9200;
    }
}
