import Testing

@testable import CurlHTTP

@Suite struct ResponseHeadTests {
    private static func statusLine(_ text: String) -> StatusLine? {
        Array(text.utf8).withUnsafeBytes { StatusLine($0) }
    }

    @Test(
        "status lines split into code and exact reason phrase",
        arguments: [
            ("HTTP/1.1 202 Task faulted\r\n", 202, "Task faulted"),
            ("HTTP/1.1 202  leading and  inner spaces \r\n", 202, " leading and  inner spaces "),
            ("HTTP/1.0 200\r\n", 200, ""),
            ("HTTP/1.1 204 \r\n", 204, ""),
            ("HTTP/2 200\n", 200, ""),
        ]
    )
    func statusLines(line: String, status: Int, reason: String) throws {
        let parsed = try #require(Self.statusLine(line))
        #expect(parsed.status == status)
        #expect(parsed.reasonPhrase == reason)
    }

    @Test(
        "lines that are not status lines are rejected",
        arguments: ["Content-Length: 2\r\n", "HTTP/1.1 20\r\n", "HTTP/1.1 2000\r\n", "\r\n"]
    )
    func notStatusLines(line: String) {
        #expect(Self.statusLine(line) == nil)
    }

    @Test("each status line starts the headers over; folded values join the previous header")
    func interimResponsesReset() {
        var head = ResponseHead()
        for line in [
            "HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
            "HTTP/1.1 202 Task faulted\r\n", "Content-Length: 12\r\n", "X-Long: one\r\n", "\ttwo  \r\n", "\r\n",
        ] {
            Array(line.utf8).withUnsafeBytes { head.consume(line: $0) }
        }
        #expect(head.statusLine == StatusLine(status: 202, reasonPhrase: "Task faulted"))
        #expect(head.headers == [HTTPHeader("Content-Length", "12"), HTTPHeader("X-Long", "one two")])
        #expect(head.contentLength == 12)
    }
}
