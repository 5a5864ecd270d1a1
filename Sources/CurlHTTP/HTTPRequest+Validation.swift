extension HTTPRequest {
    /// Why libcurl must not send this request as it is, or nil: a header name or value with a
    /// line break would smuggle extra header lines. Names the header, never its value.
    var headerProblem: String? {
        for header in headers where HTTPRequest.hasLineBreak(header.name) || HTTPRequest.hasLineBreak(header.value) {
            return "header \"\(header.name.filter { $0 != "\r" && $0 != "\n" })\" contains a line break"
        }
        return nil
    }

    private static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
    }
}
