/// One log line from librdkafka (`log_cb`): syslog level, facility and text.
public struct KafkaLogMessage: Sendable, Hashable, CustomStringConvertible {
    /// The syslog level: 0 emergency … 3 error, 4 warning, 6 info, 7 debug.
    public var level: Int
    /// librdkafka's facility (`FAIL`, `CONFWARN`, `COMMIT`…).
    public var facility: String
    /// The text, as librdkafka wrote it.
    public var text: String

    /// A log line.
    public init(level: Int, facility: String, text: String) {
        self.level = level
        self.facility = facility
        self.text = text
    }

    /// `librdkafka <level> <facility>: <text>`.
    public var description: String { "librdkafka \(level) \(facility): \(text)" }
}
