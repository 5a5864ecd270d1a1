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
        if format == nil {
            // Sniff from the first chunk, then feed that chunk to the parser of the right format.
            let first = try readChunk()
            self.format = PONEventReplayFormat.sniff(first)
            parser = PONEventReplayParser(file: file, format: self.format, maxRecordBytes: maxRecordBytes)
            if first.isEmpty {
                ended = true
                pending = parser.finish()
            } else {
                pending = parser.push(first[...])
            }
        }
    }

    /// The next event or failure; nil at the end of the input.
    ///
    /// A read error after opening ends the stream with a failure diagnostic.
    public func next() -> PONEventReplayItem? {
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
