import FerruleCore
import Foundation

/// One bootstrap broker: `host:port`, `[v6-address]:port`, optionally behind librdkafka's
/// `security-protocol://` prefix (`SASL_SSL://kafka-1:9093`).
public struct KafkaBrokerAddress: Sendable, Hashable, CustomStringConvertible {
    /// `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL` when the address named one.
    public var scheme: String?
    /// The host name or address, without brackets.
    public var host: String
    /// The TCP port, 1…65535.
    public var port: Int

    /// A broker at `host:port`.
    public init(scheme: String? = nil, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The address as librdkafka's `bootstrap.servers` takes it.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return (scheme.map { "\($0)://" } ?? "") + "\(hostPart):\(port)"
    }

    private static let schemes: Set<String> = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]

    /// Parses one address; the error names it and says what is expected.
    public static func parse(_ text: String) throws(KafkaError) -> KafkaBrokerAddress {
        func failure(_ why: String) -> KafkaError {
            KafkaError(
                kind: .configuration,
                context: "--brokers \"\(DisplayText.value(text))\"",
                detail: "\(why); expected HOST:PORT, [IPv6]:PORT or PROTOCOL://HOST:PORT, comma-separated"
            )
        }
        var rest = Substring(text)
        var scheme: String?
        if let range = rest.range(of: "://") {
            let name = rest[..<range.lowerBound].uppercased()
            guard schemes.contains(name) else {
                throw failure("unknown protocol \"\(DisplayText.value(String(rest[..<range.lowerBound])))\"")
            }
            scheme = name
            rest = rest[range.upperBound...]
        }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw failure("unclosed \"[\"") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix(":") else { throw failure("no port after the IPv6 address") }
            portText = after.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw failure("no port") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            if host.contains(":") { throw failure("an IPv6 address must be in brackets") }
        }
        guard !host.isEmpty else { throw failure("no host") }
        guard
            host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "," && $0 != "/" })
        else {
            throw failure("the host has a space, a control character or a non-ASCII character")
        }
        guard portText.count <= 5, let port = Int(portText), (1...65_535).contains(port) else {
            throw failure("the port is not a number from 1 to 65535")
        }
        return KafkaBrokerAddress(scheme: scheme, host: String(host), port: port)
    }

    /// Parses a comma-separated list (`--brokers a:9092,b:9092`); empty entries are refused.
    public static func parseList(_ text: String) throws(KafkaError) -> [KafkaBrokerAddress] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty, !parts.contains(where: \.isEmpty) else {
            throw KafkaError(
                kind: .configuration,
                context: "--brokers \"\(DisplayText.value(text))\"",
                detail: "an empty broker address; expected HOST:PORT[,HOST:PORT…]"
            )
        }
        var addresses: [KafkaBrokerAddress] = []
        for part in parts { addresses.append(try parse(part)) }
        return addresses
    }
}
