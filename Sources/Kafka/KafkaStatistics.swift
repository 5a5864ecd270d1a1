import FerruleJSON

/// Reads what the consumer needs from librdkafka's statistics JSON (librdkafka STATISTICS.md):
/// how many broker connections there are and how many are `UP`.
enum KafkaStatistics {
    /// Statistics larger than this are ignored (one topic on a few brokers is a few kilobytes).
    static let byteLimit = 4 << 20

    /// `brokers.*.state` counted: total connections and those `UP`; `nil` when the JSON is
    /// unreadable or too large.
    static func brokerStates(_ json: [UInt8]) -> (up: Int, total: Int)? {
        guard json.count <= byteLimit, let root = try? JSONValue.parse(json, maxDepth: 64),
            let brokers = root["brokers"]?.objectMembers
        else { return nil }
        let up = brokers.filter { $0.1["state"]?.stringValue == "UP" }.count
        return (up, brokers.count)
    }
}
