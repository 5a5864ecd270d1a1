/// An HTTP/1.x status line, split into code and reason phrase exactly as the server sent them.
///
/// `HTTP/1.1 202 Task faulted` → 202, `Task faulted`. The reason phrase keeps inner and trailing
/// spaces and may be empty (`HTTP/1.1 200` or `HTTP/1.1 200 `); only the line ending is dropped.
struct StatusLine: Hashable, Sendable {
    var status: Int
    var reasonPhrase: String

    /// Parses one line as libcurl's header callback hands it over (line ending included or not).
    /// Returns nil when the line is not a status line.
    init?(_ line: UnsafeRawBufferPointer) {
        let space = UInt8(ascii: " ")
        guard line.count >= 5,
            line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
            line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/")
        else { return nil }
        let end = StatusLine.contentEnd(of: line)
        // Skip the version token, then the space(s) before the code.
        var index = 5
        while index < end, line[index] != space { index += 1 }
        while index < end, line[index] == space { index += 1 }
        var status = 0
        var digits = 0
        while index < end, digits < 3, let digit = StatusLine.digit(line[index]) {
            status = status * 10 + digit
            digits += 1
            index += 1
        }
        guard digits == 3 else { return nil }
        if index < end {
            // One SP separates code and reason; anything else after three digits is not HTTP.
            guard line[index] == space else { return nil }
            index += 1
        }
        self.status = status
        self.reasonPhrase = String(decoding: UnsafeRawBufferPointer(rebasing: line[index..<end]), as: UTF8.self)
    }

    init(status: Int, reasonPhrase: String) {
        self.status = status
        self.reasonPhrase = reasonPhrase
    }

    /// The index just past the line's content: before a trailing CR LF, LF or CR.
    static func contentEnd(of line: UnsafeRawBufferPointer) -> Int {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return end
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
