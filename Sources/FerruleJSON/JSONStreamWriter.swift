#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes JSON output as it is produced: a bounded buffer flushed to a file descriptor.
///
/// Commands that print many records (one per input file, one per parameter) hand each record to
/// the writer as soon as it is ready, so memory stays the size of one record plus the buffer, not
/// the size of the whole document. Two shapes are supported: a JSON array whose elements arrive one
/// at a time (``beginArray(_:)``, ``element(_:)``, ``endArray()``), and JSON Lines (``line(_:)``):
/// one compact JSON value per line, as https://jsonlines.org describes. Whatever is buffered is
/// written when the writer goes away.
public final class JSONStreamWriter {
    /// Bytes held before they are written out.
    public static let bufferLimit = 64 * 1024

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var elements = 0
    private var layout = Layout.foundation

    /// A writer to `descriptor` (standard output by default).
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferLimit)
    }

    deinit { flush() }

    /// Appends raw text (already valid JSON, or the separators between values).
    public func raw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    /// Appends raw UTF-8 bytes.
    public func raw(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        flushIfFull()
    }

    private func flushIfFull() {
        if buffer.count >= Self.bufferLimit { flush() }
    }

    /// One JSON Lines record: `json` (one compact value, no line breaks) and a newline.
    public func line(_ json: String) {
        raw(json)
        raw("\n")
    }

    /// One JSON Lines record built from a ``JSONValue``: compact, members sorted, the escapes of
    /// ``JSONValue/prettyText``.
    public func line(_ value: JSONValue) {
        value.appendSortedCompact(to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        flushIfFull()
    }

    /// How a streamed array is laid out.
    public enum Layout: Sendable {
        /// `[a,b]` on one line.
        case compact
        /// ``JSONValue/canonicalText``: elements on their own lines indented by two spaces,
        /// `"key": value`, an empty array as `[]`.
        case canonical
        /// ``JSONValue/prettyText``, the layout of Foundation's pretty-printed, key-sorted
        /// `JSONEncoder`: `"key" : value`, an empty array as `[`, an empty line and `]`.
        case foundation
    }

    /// Opens a JSON array whose elements follow one at a time.
    ///
    /// The streamed document has the bytes the whole array would have in `layout`, so output
    /// that used to be built in memory keeps its bytes when it is streamed.
    public func beginArray(_ layout: Layout = .foundation) {
        elements = 0
        self.layout = layout
        raw("[")
    }

    /// One array element: `json` is a complete JSON value in the array's layout at the top level
    /// (it may span lines); its lines are indented by one level. Empty lines (Foundation's empty
    /// containers) stay empty.
    public func element(_ json: String) {
        if elements > 0 { raw(",") }
        elements += 1
        guard layout != .compact else {
            raw(json)
            return
        }
        raw("\n")
        var first = true
        for line in json.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if !first { raw("\n") }
            first = false
            if !line.isEmpty { raw("  ") }
            raw(line)
        }
    }

    /// One array element written straight from `value` in the array's layout.
    public func element(_ value: JSONValue) {
        switch layout {
        case .canonical: element(String(value.canonicalText.dropLast()))
        case .compact:
            if elements > 0 { raw(",") }
            elements += 1
            value.appendSortedCompact(to: &buffer)
            flushIfFull()
        case .foundation:
            buffer.append(contentsOf: elements > 0 ? ",\n  ".utf8 : "\n  ".utf8)
            elements += 1
            value.appendPretty(to: &buffer, level: 1)
            flushIfFull()
        }
    }

    /// One element of a `.foundation` array, written piece by piece by `write` straight into the
    /// output buffer (no ``JSONValue`` is built): for elements holding very long lists.
    public func element(writing write: (inout JSONPrettyWriter) -> Void) {
        precondition(layout == .foundation, "element(writing:) writes the .foundation layout")
        buffer.append(contentsOf: elements > 0 ? ",\n  ".utf8 : "\n  ".utf8)
        elements += 1
        var writer = JSONPrettyWriter(level: 1, appendingTo: buffer)
        buffer = []
        write(&writer)
        buffer = writer.bytes
        flushIfFull()
    }

    /// Closes the array opened by ``beginArray(_:)`` and ends the line.
    public func endArray() {
        switch layout {
        case .compact: raw("]\n")
        case .canonical: raw(elements > 0 ? "\n]\n" : "]\n")
        case .foundation: raw(elements > 0 ? "\n]\n" : "\n\n]\n")
        }
    }

    /// Writes out whatever is buffered. Write errors (a closed pipe) end the output silently: the
    /// reader has gone, and the command's exit status still tells what happened.
    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
