/// One record cut from a replay stream, or why the stream could not be cut there.
enum PONEventFrame: Sendable, Hashable {
    /// The bytes of one event; `index` is the 1-based line (JSON Lines) or message number
    /// (length-delimited), `offset` the byte offset of the record in the stream.
    case record([UInt8], index: Int, offset: Int)
    /// A record that cannot be used: too long, or cut short at the end of the stream.
    case failure(PONEventDecodingError, index: Int, offset: Int)
}

/// Cuts JSON Lines into lines, incrementally, keeping at most `maxLineBytes` of one line.
///
/// A longer line is reported once and skipped up to its newline, so one bad line never stops a
/// replay. Blank lines are skipped; a CR before the LF is dropped.
struct JSONLinesFramer: Sendable {
    let maxLineBytes: Int
    private var line: [UInt8] = []
    private var lineNumber = 1
    private var lineOffset = 0
    private var offset = 0
    private var skipping = false

    init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    mutating func push(_ chunk: ArraySlice<UInt8>, into out: inout [PONEventFrame]) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            guard let newline = chunk[start...].firstIndex(of: 0x0A) else {
                append(chunk[start...], into: &out)
                offset += chunk.endIndex - start
                return
            }
            append(chunk[start..<newline], into: &out)
            offset += newline - start + 1
            endLine(into: &out)
            start = newline + 1
        }
    }

    mutating func finish(into out: inout [PONEventFrame]) {
        if !line.isEmpty || skipping { endLine(into: &out) }
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>, into out: inout [PONEventFrame]) {
        guard !skipping else { return }
        if line.count + bytes.count > maxLineBytes {
            out.append(
                .failure(
                    PONEventDecodingError(
                        .tooLarge,
                        "the line is over the limit of \(maxLineBytes) bytes; it is skipped"
                    ),
                    index: lineNumber,
                    offset: lineOffset
                )
            )
            line.removeAll(keepingCapacity: false)
            skipping = true
            return
        }
        line += bytes
    }

    private mutating func endLine(into out: inout [PONEventFrame]) {
        if !skipping {
            if line.last == 0x0D { line.removeLast() }
            if line.contains(where: { !Self.isSpace($0) }) {
                out.append(.record(line, index: lineNumber, offset: lineOffset))
            }
        }
        line.removeAll(keepingCapacity: true)
        skipping = false
        lineNumber += 1
        lineOffset = offset
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
}

/// Cuts a stream of length-delimited messages (a base-128 varint length, then that many bytes:
/// what Java's `writeDelimitedTo` and Python's `_VarintBytes(len) + bytes` write), incrementally.
///
/// A message over `maxMessageBytes` is reported and skipped by its declared length; a length that
/// is not a varint stops the stream (nothing after it can be trusted to be a boundary).
struct LengthDelimitedFramer: Sendable {
    let maxMessageBytes: Int
    private enum State: Sendable {
        case length(value: UInt64, shift: UInt64, bytes: Int)
        case body(remaining: Int)
        case skipping(remaining: UInt64)
        case broken
    }

    private var state = State.length(value: 0, shift: 0, bytes: 0)
    private var message: [UInt8] = []
    private var index = 1
    private var messageOffset = 0
    private var offset = 0

    init(maxMessageBytes: Int) { self.maxMessageBytes = maxMessageBytes }

    mutating func push(_ chunk: ArraySlice<UInt8>, into out: inout [PONEventFrame]) {
        var at = chunk.startIndex
        while at < chunk.endIndex {
            switch state {
            case .broken:
                offset += chunk.endIndex - at
                return
            case .length(let value, let shift, let count):
                let byte = chunk[at]
                at += 1
                offset += 1
                let next = value | UInt64(byte & 0x7F) << shift
                if byte & 0x80 != 0 {
                    if shift + 7 > 63 {
                        out.append(
                            .failure(
                                PONEventDecodingError(
                                    .malformed,
                                    "the length prefix is not a varint of at most 10 bytes; the rest of the input is "
                                        + "ignored (is this really length-delimited?)"
                                ),
                                index: index,
                                offset: messageOffset
                            )
                        )
                        state = .broken
                    } else {
                        state = .length(value: next, shift: shift + 7, bytes: count + 1)
                    }
                    continue
                }
                if next > UInt64(maxMessageBytes) {
                    out.append(
                        .failure(
                            PONEventDecodingError(
                                .tooLarge,
                                "the message declares \(next) bytes, over the limit of \(maxMessageBytes); it is skipped"
                            ),
                            index: index,
                            offset: messageOffset
                        )
                    )
                    state = .skipping(remaining: next)
                } else if next == 0 {
                    emit(into: &out)
                } else {
                    message.reserveCapacity(Int(next))
                    state = .body(remaining: Int(next))
                }
            case .body(let remaining):
                let take = min(remaining, chunk.endIndex - at)
                message += chunk[at..<at + take]
                at += take
                offset += take
                if take == remaining { emit(into: &out) } else { state = .body(remaining: remaining - take) }
            case .skipping(let remaining):
                let take = Int(min(remaining, UInt64(chunk.endIndex - at)))
                at += take
                offset += take
                if UInt64(take) == remaining { next() } else { state = .skipping(remaining: remaining - UInt64(take)) }
            }
        }
    }

    mutating func finish(into out: inout [PONEventFrame]) {
        let message: String
        switch state {
        case .broken: return
        case .length(_, _, let count):
            guard count > 0 else { return }
            message = "the input ends inside a length prefix"
        case .body(let remaining): message = "the input ends \(remaining) bytes before the message does"
        case .skipping:
            // Already reported as over the limit; that the input ends inside it says nothing more.
            state = .broken
            return
        }
        out.append(.failure(PONEventDecodingError(.truncated, message), index: index, offset: messageOffset))
        state = .broken
    }

    private mutating func emit(into out: inout [PONEventFrame]) {
        // The record's offset is where its body starts, so byte offsets inside it add up.
        out.append(.record(message, index: index, offset: offset - message.count))
        message = []
        next()
    }

    private mutating func next() {
        index += 1
        messageOffset = offset
        state = .length(value: 0, shift: 0, bytes: 0)
    }
}
