/// The counters one `GetExtValue` reply carried, flattened to `name = value` pairs in the reply's
/// field order (`portStatistics.rxBytes`, …). Counters at zero are absent: proto3 does not encode
/// them, and swift-protobuf's JSON form leaves them out.
public struct Statistics: Sendable, Hashable {
    /// One counter: its protobuf JSON name and value exactly as VOLTHA sent it (64-bit counters
    /// stay exact).
    public struct Counter: Sendable, Hashable {
        /// What a counter's value is, as the reply's protobuf JSON says.
        public enum Kind: Sendable, Hashable {
            /// A number (64-bit integers, which protobuf JSON writes as strings, included).
            case number
            /// `true` or `false`.
            case boolean
            /// Anything else: an enum value's proto name (`ENABLED`), a string.
            case text
        }

        public var name: String
        public var value: String
        public var kind: Kind

        /// A counter from its parts.
        public init(name: String, value: String, kind: Kind = .text) {
            self.name = name
            self.value = value
            self.kind = kind
        }
    }

    /// What was asked.
    public var request: StatisticsRequest
    /// The counters, in reply order.
    public var counters: [Counter]

    /// Statistics from their parts.
    public init(request: StatisticsRequest, counters: [Counter]) {
        self.request = request
        self.counters = counters
    }

    /// The value of the counter `name`, if present.
    public subscript(name: String) -> String? { counters.first { $0.name == name }?.value }
}
