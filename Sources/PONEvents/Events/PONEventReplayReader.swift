import CoreFoundation
public import FerruleCore

/// Streams a replay file, or standard input, into ``PONEventReplayItem``s, one chunk at a time.
///
/// Like ``BoundedFileReader`` it refuses what is not a regular file (a directory, a device, a FIFO
/// given by path) before reading; unlike it, the whole input is never held: memory is one 64 KiB
/// chunk plus one record of at most `maxRecordBytes`, so a capture of any length (or an endless
/// `kcat … | ferrule events replay -`) replays in constant memory.
///
/// ```swift
/// let reader = try PONEventReplayReader(path: "capture.jsonl")
/// while let item = reader.next() { … }
/// ```
public final class PONEventReplayReader {
    /// The file as named (`<stdin>` for standard input).
    public let file: String
    /// The format read: given, or sniffed from the first bytes.
    public private(set) var format: PONEventReplayFormat
    private let input: BoundedInputStream
    private var parser: PONEventReplayParser
    private var pending: [PONEventReplayItem] = []
    private var pendingIndex = 0
    private var ended = false
    /// The replay was cut short (a JSON array, or too many undecodable messages in a row).
    private var stopped = false
    /// The diagnostic saying why, returned after the item that made it stop.
    private var stopping: PONEventReplayItem?
    private var consecutiveFailures = 0

    /// The record cap in force: 1 MiB, or `FERRULE_MAX_INPUT_BYTES` when that is smaller.
    public static var defaultMaxRecordBytes: Int {
        min(PONEventDecoder.defaultMaxMessageBytes, BoundedFileReader.configuredLimit)
    }

    /// Opens `path` (`-` for standard input).
    ///
    /// - Parameters:
    ///   - format: the input's format; sniffed from the first bytes when nil.
    ///   - maxRecordBytes: the longest line or message accepted.
    /// - Throws: ``BoundedReadError`` when the path is missing, unreadable or not a regular file.
    public init(
        path: String,
        format: PONEventReplayFormat? = nil,
        maxRecordBytes: Int = PONEventReplayReader.defaultMaxRecordBytes
    ) throws(BoundedReadError) {
        input = try BoundedInputStream(path: path)
        file = input.file
        self.format = format ?? .jsonl
        parser = PONEventReplayParser(file: file, format: self.format, maxRecordBytes: maxRecordBytes)
        guard format != .binary else { return }
        // Sniff from the first chunk, then feed that chunk to the parser of the right format.
        var first = try readChunk()
        while !first.isEmpty, first.count < Self.byteOrderMark.count {
            let more = try readChunk()
            if more.isEmpty { break }
            first += more
        }
        // Editors on Windows (Notepad, PowerShell's `Out-File -Encoding utf8`) start UTF-8 text
        // with a byte order mark; it is not part of the first line.
        var start = 0
        if first.starts(with: Self.byteOrderMark),
            format == .jsonl || PONEventReplayFormat.sniff(first.dropFirst(Self.byteOrderMark.count)) == .jsonl
        {
            start = Self.byteOrderMark.count
        }
        let content = first[start...]
        if format == nil { self.format = PONEventReplayFormat.sniff(content) }
        parser = PONEventReplayParser(file: file, format: self.format, maxRecordBytes: maxRecordBytes)
        if content.first(where: { !JSONLinesFramer.isSpace($0) }) == UInt8(ascii: "[") {
            // One JSON array is neither format; read as binary it is hundreds of wire-type errors.
            ended = true
            stopped = true
            pending = [
                .failure(
                    Diagnostic(
                        .error,
                        .badEventJSON,
                        "the capture is one JSON array, not JSON Lines (one event.Event per line)",
                        at: SourceLocation(file: file, line: 1, column: 1),
                        hint: "convert it with `jq -c '.[]' \(DisplayText.value(file)) > capture.jsonl` and replay that"
                    )
                )
            ]
        } else if content.isEmpty {
            ended = true
            pending = parser.finish()
        } else {
            pending = parser.push(content)
        }
    }

    /// UTF-8's byte order mark, skipped at the start of a JSON Lines capture.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Binary messages in a row that may fail to decode before the replay stops: past a few, the
    /// input is not a length-delimited capture and every later "message" would be noise.
    public static let maxConsecutiveBinaryFailures = 10

    /// The next event or failure; nil at the end of the input.
    ///
    /// A read error after opening ends the stream with a failure diagnostic.
    public func next() -> PONEventReplayItem? {
        if let stop = stopping {
            stopping = nil
            pending = []
            pendingIndex = 0
            return stop
        }
        guard let item = nextItem() else { return nil }
        if format == .binary && !stopped {
            if case .failure = item { consecutiveFailures += 1 } else { consecutiveFailures = 0 }
            if consecutiveFailures >= Self.maxConsecutiveBinaryFailures {
                stopped = true
                ended = true
                stopping = .failure(
                    Diagnostic(
                        .error,
                        .badEvent,
                        "\(consecutiveFailures) messages in a row could not be decoded: the input does not look like "
                            + "a length-delimited capture of event.Event; the replay stopped here",
                        at: SourceLocation(file: file),
                        hint:
                            "JSON Lines (one event per line) starts with `{`; give --input to say which format it is; "
                            + "see `Replay files` in docs/events.md"
                    )
                )
            }
        }
        return item
    }

    private func nextItem() -> PONEventReplayItem? {
        while pendingIndex >= pending.count {
            if ended { return nil }
            pending = []
            pendingIndex = 0
            do {
                let chunk = try readChunk()
                if chunk.isEmpty {
                    ended = true
                    pending = parser.finish()
                } else {
                    pending = parser.push(chunk[...])
                }
            } catch {
                ended = true
                pending = [
                    .failure(
                        Diagnostic(.error, .unreadable, "cannot read: \(error.reason)", at: SourceLocation(file: file))
                    )
                ]
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func readChunk() throws(BoundedReadError) -> [UInt8] {
        try input.read()
    }
}
