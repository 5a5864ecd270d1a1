/// Where an event was read from: a Kafka record's (topic, partition, offset), a line of a
/// replay file, a reconciliation with VOLTHA's inventory that derived it, or a storm a live
/// consumer's tick ended.
///
/// ``EventStore/record(_:source:actions:)`` remembers the position with the event in one
/// transaction, so a record the consumer reads again after a crash (Kafka redelivers from the last
/// committed offset) is recognised and changes nothing.
public enum EventSourcePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A Kafka record.
    case kafka(topic: String, partition: Int32, offset: Int64)
    /// Line `line` (1-based) of a JSON Lines file, or record `line` of a length-delimited file;
    /// `-` names standard input.
    case file(path: String, line: Int64)
    /// Derived by reconciling with VOLTHA's inventory (`ListDevices`) at `voltha`: event `index`
    /// of the pass that began at `pass` (milliseconds since the epoch). docs/events.md.
    case reconcile(voltha: String, pass: Int64, index: Int64)
    /// A storm on `olt`'s PON `pon` that a live consumer's tick ended at `ended` (milliseconds since
    /// the epoch, on the OLT's clock) with no event of its own (``PONStorm/endRecord``).
    case stormEnd(olt: String, pon: UInt32, ended: Int64)

    /// `voltha.events/0@1234`, `replay.jsonl:17`.
    public var description: String {
        switch self {
        case .kafka(let topic, let partition, let offset): "\(topic)/\(partition)@\(offset)"
        case .file(let path, let line): "\(path):\(line)"
        case .reconcile(let voltha, let pass, let index): "reconcile \(voltha)@\(pass)#\(index)"
        case .stormEnd(let olt, let pon, let ended): "storm-end \(olt)/pon-\(pon)@\(ended)"
        }
    }

    /// The stored columns: kind, name, partition, offset.
    var columns: (kind: String, name: String, partition: Int64, offset: Int64) {
        switch self {
        case .kafka(let topic, let partition, let offset): ("kafka", topic, Int64(partition), offset)
        case .file(let path, let line): ("file", path, 0, line)
        case .reconcile(let voltha, let pass, let index): ("reconcile", voltha, index, pass)
        case .stormEnd(let olt, let pon, let ended): ("storm-end", olt, Int64(pon), ended)
        }
    }

    /// The position stored as `columns`; nil for a kind this version does not know.
    init?(kind: String, name: String, partition: Int64, offset: Int64) {
        switch kind {
        case "kafka":
            guard let partition = Int32(exactly: partition) else { return nil }
            self = .kafka(topic: name, partition: partition, offset: offset)
        case "file": self = .file(path: name, line: offset)
        case "reconcile": self = .reconcile(voltha: name, pass: offset, index: partition)
        case "storm-end":
            guard let pon = UInt32(exactly: partition) else { return nil }
            self = .stormEnd(olt: name, pon: pon, ended: offset)
        default: return nil
        }
    }
}
