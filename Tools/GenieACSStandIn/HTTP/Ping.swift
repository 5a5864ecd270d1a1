import NIOHTTP1

/// `/ping/<host>` (GenieACS 1.2.16 lib/nbi.ts:542-564, lib/ping.ts:15-107), without sending ICMP: loopback names
/// and addresses answer the way `ping -w 1 -i 0.2 -c 3 -- <host>` does on Linux; every other host behaves as
/// unreachable (`ping` exits 1) or, for a name, unresolvable (`ping` exits 2 with its message on stderr).
///
/// GenieACS answers every method (there is no method check), `200` with `Content-Type: text/plain` and
/// `Cache-Control: no-cache` and ping's stdout on success, and on any error `500` with `Connection: close` and
/// `<err.name>: <err.message>` (lib/nbi.ts:546-551): `ping` calls back without a result on every error
/// (lib/ping.ts:84, 98, 103), so the `404` branch (:552-554) is unreachable.
enum Ping {
    static func reply(for host: String) -> Reply {
        guard isValidHost(host) else { return failure("Error: Invalid host") }
        let lower = host.lowercased()
        let command = "ping -w 1 -i 0.2 -c 3 -- \(host)"
        let loopback =
            lower == "localhost" || lower == "ip6-localhost" || lower == "::1" || lower.hasPrefix("127.")
            || lower.hasSuffix(".localhost")
        guard loopback else {
            // execFile's error: `Command failed: <file> <args…>\n<stderr>` (Node child_process).
            let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
            let stderr = isAddress ? "" : "ping: \(host): Name or service not known\n"
            return failure("Error: Command failed: \(command)\n\(stderr)")
        }
        let address = lower.contains(":") ? "::1" : (lower.hasPrefix("127.") ? host : "127.0.0.1")
        var out = "PING \(host) (\(address)) 56(84) bytes of data.\n"
        for seq in 1...3 { out += "64 bytes from \(address): icmp_seq=\(seq) ttl=64 time=0.030 ms\n" }
        out += "\n--- \(host) ping statistics ---\n"
        out += "3 packets transmitted, 3 received, 0% packet loss, time 401ms\n"
        out += "rtt min/avg/max/mdev = 0.030/0.030/0.030/0.000 ms\n"
        return .full(
            .ok,
            headers: [("Content-Type", "text/plain"), ("Cache-Control", "no-cache")],
            body: out
        )
    }

    /// `isValidHost` (lib/ping.ts:15-29) for the hosts the route lets through (`[a-zA-Z0-9\-_.:]`): an
    /// underscore fails both character checks (`domainToASCII` keeps it).
    static func isValidHost(_ host: String) -> Bool { !host.contains("_") }

    private static func failure(_ text: String) -> Reply {
        .full(.internalServerError, headers: [("Connection", "close")], body: text)
    }
}
