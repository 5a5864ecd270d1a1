/// How a replay file holds its `event.Event`s.
public enum PONEventReplayFormat: String, Sendable, Hashable, CaseIterable {
    /// JSON Lines: one event per line in protobuf's canonical JSON mapping (`MessageToJson`,
    /// `protojson`).
    case jsonl
    /// Length-delimited binary protobufs: a base-128 varint length, then the message.
    case binary

    /// The format of a stream that starts with `prefix`: JSON Lines when its first non-blank byte
    /// is `{`, else binary (a binary event starts with its length, then tag `0x0A`).
    public static func sniff(_ prefix: some Sequence<UInt8>) -> PONEventReplayFormat {
        for byte in prefix where !JSONLinesFramer.isSpace(byte) {
            return byte == UInt8(ascii: "{") ? .jsonl : .binary
        }
        return .jsonl
    }
}
