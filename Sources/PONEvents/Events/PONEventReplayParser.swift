public import FerruleCore

/// What a replay yields for each record: the normalised event, or a diagnostic for a record that
/// cannot be decoded (the replay goes on with the next one).
public enum PONEventReplayItem: Sendable, Hashable {
    /// A decoded event and where it was: `file:line` for JSON Lines, the file for binary input
    /// (with ``PONEventReplayItem/event(_:at:message:)``'s `message` number).
    case event(PONEvent, at: SourceLocation, message: Int)
    /// A record that is not an event, as `file:line:col: error[code]: message`.
    case failure(Diagnostic)
}

/// Cuts and decodes a replay stream incrementally: push chunks as they arrive, take the items.
///
/// Memory is bounded by the chunk size plus one record (`maxRecordBytes`), whatever the length of
/// the stream; each byte is visited a constant number of times.
public struct PONEventReplayParser: Sendable {
    /// The file as named on the command line (`<stdin>` for standard input).
    public let file: String
    /// The input's format.
    public let format: PONEventReplayFormat
    private let decoder: PONEventDecoder
    /// For JSON lines that are ONOS's events (kafka-onos), not VOLTHA's (``ONOSEventDecoder/claims(_:)``).
    private let onos: ONOSEventDecoder
    private var lines: JSONLinesFramer
    private var messages: LengthDelimitedFramer

    /// A parser for `format`, accepting records up to `maxRecordBytes`.
    public init(
        file: String,
        format: PONEventReplayFormat,
        maxRecordBytes: Int = PONEventDecoder.defaultMaxMessageBytes
    ) {
        self.file = file
        self.format = format
        decoder = PONEventDecoder(maxMessageBytes: maxRecordBytes)
        onos = ONOSEventDecoder(maxMessageBytes: maxRecordBytes)
        lines = JSONLinesFramer(maxLineBytes: maxRecordBytes)
        messages = LengthDelimitedFramer(maxMessageBytes: maxRecordBytes)
    }

    /// Feeds the next bytes of the stream; returns the items completed by them, in order.
    public mutating func push(_ chunk: ArraySlice<UInt8>) -> [PONEventReplayItem] {
        var frames: [PONEventFrame] = []
        switch format {
        case .jsonl: lines.push(chunk, into: &frames)
        case .binary: messages.push(chunk, into: &frames)
        }
        return frames.map(item)
    }

    /// Ends the stream; returns the items of a last line without a newline, or the error of a
    /// message cut short.
    public mutating func finish() -> [PONEventReplayItem] {
        var frames: [PONEventFrame] = []
        switch format {
        case .jsonl: lines.finish(into: &frames)
        case .binary: messages.finish(into: &frames)
        }
        return frames.map(item)
    }

    /// Every item of a whole input held in memory (tests, fuzzing).
    public static func parse(
        _ bytes: [UInt8],
        format: PONEventReplayFormat,
        file: String,
        maxRecordBytes: Int = PONEventDecoder.defaultMaxMessageBytes
    ) -> [PONEventReplayItem] {
        var parser = PONEventReplayParser(file: file, format: format, maxRecordBytes: maxRecordBytes)
        return parser.push(bytes[...]) + parser.finish()
    }

    private func item(_ frame: PONEventFrame) -> PONEventReplayItem {
        switch (frame, format) {
        case (.record(let bytes, let index, _), .jsonl):
            do {
                return .event(
                    try ONOSEventDecoder.claims(bytes) ? onos.decode(json: bytes) : decoder.decode(json: bytes),
                    at: SourceLocation(file: file, line: index),
                    message: index
                )
            } catch {
                return .failure(error.diagnostic(file: file, line: index))
            }
        case (.record(let bytes, let index, let offset), .binary):
            do {
                return .event(try decoder.decode(bytes), at: SourceLocation(file: file), message: index)
            } catch {
                return .failure(error.diagnostic(file: file, line: index, recordOffset: offset))
            }
        case (.failure(let error, let index, _), .jsonl):
            return .failure(error.diagnostic(file: file, line: index))
        case (.failure(let error, let index, let offset), .binary):
            return .failure(error.diagnostic(file: file, line: index, recordOffset: offset))
        }
    }
}
