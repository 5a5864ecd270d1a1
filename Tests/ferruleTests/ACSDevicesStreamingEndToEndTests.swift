import FerruleTestSupport
import Foundation
import Testing

/// `ferrule acs devices` writes each page of 1000 devices as GenieACS answers it: memory stays one
/// page whatever the fleet's size, and `--limit` stops asking once it has enough.
@Suite("acs devices streams its pages")
struct ACSDevicesStreamingEndToEndTests {
    /// An NBI whose first page (no `_id` range yet) holds 1000 devices and whose every later page
    /// fails with a 500, as a GenieACS losing its database midway through a listing would.
    static let failingSecondPage = #"""
        import json, sys, urllib.parse
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0]
                if "$gt" in query:
                    body, status = b"MongoError: connection lost", 500
                else:
                    tags = {0: ["=HYPERLINK(1)"], 1: ["-5"]}
                    docs = [{"_id": "D-%04d" % i, "_tags": tags.get(i, ["t"])} for i in range(1000)]
                    body, status = json.dumps(docs).encode(), 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
        server.serve_forever()
        """#

    static func startNBI() async throws -> ServerProcess {
        let directory = try Scratch.directory()
        let script = directory.appendingPathComponent("nbi.py")
        try Data(failingSecondPage.utf8).write(to: script)
        return try await ServerProcess.start(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path],
            addressPrefix: "listening on ",
            stopSignal: SIGKILL
        )
    }

    @Test("a failure on the second page: the first page's devices are already written, the exit is 1")
    func firstPageWrittenBeforeFailure() async throws {
        let nbi = try await Self.startNBI()
        defer { nbi.stop() }

        let csv = try await FerruleRunner.execute(["acs", "devices", "--format", "csv", "--acs", nbi.firstLine])
        #expect(csv.status == 1, "\(csv.combined)")
        #expect(csv.csvRows.count == 1000, "the first page is on standard output before the failure")
        #expect(csv.csvRows.first?.first == "D-0000" && csv.csvRows.last?.first == "D-0999")
        #expect(csv.stderr.contains("500"), "\(csv.stderr)")
        // A value a spreadsheet would run as a formula is written as text; a number stays a number.
        #expect(csv.csvRows.first?.last == "'=HYPERLINK(1)", "\(csv.csvRows.first ?? [])")
        #expect(csv.csvRows.dropFirst().first?.last == "-5")

        // JSON: the array is left open, so no reader takes the partial list for the whole fleet.
        let json = try await FerruleRunner.execute([
            "acs", "devices", "--format", "json", "--projection", "_id", "--acs", nbi.firstLine,
        ])
        #expect(json.status == 1)
        #expect(json.stdout.hasPrefix("[") && json.stdout.contains("D-0999"))
        #expect((try? json.json()) == nil, "an unclosed array, not valid JSON: \(json.stdout.suffix(40))")
    }

    @Test("--limit 1000 is one page: the failing second page is never asked for")
    func limitStopsAsking() async throws {
        let nbi = try await Self.startNBI()
        defer { nbi.stop() }
        let table = try await FerruleRunner.execute([
            "acs", "devices", "--limit", "1000", "--acs", nbi.firstLine,
        ])
        #expect(table.status == 0, "\(table.combined)")
        #expect(table.stdout.split(separator: "\n").count == 1001, "the header and 1000 devices")

        let json = try await FerruleRunner.execute([
            "acs", "devices", "--format", "json", "--projection", "_id", "--limit", "999", "--acs", nbi.firstLine,
        ])
        #expect(json.status == 0, "\(json.combined)")
        #expect(try json.jsonRows().count == 999)
    }
}
