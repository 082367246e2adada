package dev.conntrail.cli.live;

/** What {@link TrafficGenerator} did on one connection, from its tab-separated record. */
record TrafficRecord(String scenario, String clientIp, int clientPort, String serverIp, int serverPort, String ended,
                     long origBytes, long respBytes, long connectedNanos) {

    static boolean isRecord(String line) {
        return line.startsWith("conn\t");
    }

    static TrafficRecord parse(String line) {
        String[] f = line.split("\t");
        return new TrafficRecord(f[1], f[2], Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5]), f[6],
                Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]));
    }

    String tuple() {
        return tuple(clientIp, Integer.toString(clientPort), serverIp, Integer.toString(serverPort));
    }

    static String tuple(String origHost, String origPort, String respHost, String respPort) {
        return JsonEvent.canonical(origHost) + " " + origPort + " > " + JsonEvent.canonical(respHost) + " " + respPort;
    }
}
