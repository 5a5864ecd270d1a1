/// The status line and headers of the final response, built from libcurl's header callback.
///
/// The callback sees every response of a transfer, `1xx` interim ones included: each `HTTP/`
/// status line starts over, so what remains at the end belongs to the final response.
struct ResponseHead: Sendable {
    private(set) var statusLine: StatusLine?
    private(set) var headers: [HTTPHeader] = []
    /// The final response's `Content-Length`, when it sent a valid one.
    private(set) var contentLength: Int?

    /// Takes one header line (line ending included or not).
    mutating func consume(line: UnsafeRawBufferPointer) {
        if let status = StatusLine(line) {
            statusLine = status
            headers.removeAll(keepingCapacity: true)
            contentLength = nil
            return
        }
        let end = StatusLine.contentEnd(of: line)
        guard end > 0, statusLine != nil else { return }
        let first = line[0]
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // An obsolete folded continuation of the previous header's value.
            guard !headers.isEmpty else { return }
            let more = ResponseHead.trimmed(line, from: 0, to: end)
            if !more.isEmpty { headers[headers.count - 1].value += " " + more }
            return
        }
        guard let colon = line[0..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = ResponseHead.trimmed(line, from: colon + 1, to: end)
        if name.utf8.count == 14, name.lowercased() == "content-length" {
            contentLength = Int(value).flatMap { $0 >= 0 ? $0 : nil }
        }
        headers.append(HTTPHeader(name, value))
    }

    /// The bytes in `start..<end` without leading and trailing spaces and tabs, as text.
    private static func trimmed(_ line: UnsafeRawBufferPointer, from start: Int, to end: Int) -> String {
        var start = start
        var end = end
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
}
