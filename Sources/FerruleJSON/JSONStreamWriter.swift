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
/// at a time (``beginArray()``, ``element(_:)``, ``endArray()``), and JSON Lines (``line(_:)``):
/// one compact JSON value per line, as https://jsonlines.org describes. Whatever is buffered is
/// written when the writer goes away.
public final class JSONStreamWriter {
    /// Bytes held before they are written out.
    public static let bufferLimit = 64 * 1024

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var elements = 0
    private var indent: String = ""

    /// A writer to `descriptor` (standard output by default).
    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferLimit)
    }

    deinit { flush() }

    /// Appends raw text (already valid JSON, or the separators between values).
    public func raw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferLimit { flush() }
    }

    /// Appends raw UTF-8 bytes.
    public func raw(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferLimit { flush() }
    }

    /// One JSON Lines record: `json` (one compact value, no line breaks) and a newline.
    public func line(_ json: String) {
        raw(json)
        raw("\n")
    }

    /// One JSON Lines record built from a ``JSONValue``.
    public func line(_ value: JSONValue) {
        line(value.compactText)
    }

    /// Opens a JSON array whose elements follow one at a time.
    ///
    /// With `pretty`, elements are written on their own lines indented by two spaces, the layout
    /// of Foundation's pretty-printed `JSONEncoder` output and of ``JSONValue/canonicalText``, so
    /// streamed documents keep the bytes the earlier whole-document output had.
    public func beginArray(pretty: Bool = true) {
        elements = 0
        indent = pretty ? "  " : ""
        raw("[")
    }

    /// One array element: `json` is a complete JSON value (it may span lines when pretty).
    public func element(_ json: String) {
        if elements > 0 { raw(",") }
        elements += 1
        guard !indent.isEmpty else {
            raw(json)
            return
        }
        raw("\n")
        var first = true
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { raw("\n") }
            first = false
            raw(indent)
            raw(line.utf8)
        }
    }

    /// Closes the array opened by ``beginArray(pretty:)`` and ends the line (`[]` when empty).
    public func endArray() {
        if !indent.isEmpty, elements > 0 { raw("\n") }
        raw("]\n")
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
