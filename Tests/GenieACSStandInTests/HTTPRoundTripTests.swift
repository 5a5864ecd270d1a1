import FerruleJSON
import Foundation
import Testing

@testable import GenieACSStandIn

/// Each test starts its own server on port 0 (parallel-safe).
@Suite struct HTTPRoundTripTests {
    func withServer(
        _ configure: (inout Scenario) -> Void = { _ in },
        _ body: (StandInServer) async throws -> Void
    ) async throws {
        var s = Scenario(
            devices: 6,
            fixtures: [.init(.embeddedTR098), .init(.embeddedTR181)],
            latencies: .init(crToSessionMs: 5, sessionDurationMs: 10, crashCloseMs: 0),
            informIntervalSeconds: 0
        )
        configure(&s)
        let server = try await StandInServer.start(scenario: s)
        do {
            try await body(server)
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test("collection GET: total header, GenieACS-Version, `[`-newline array layout")
    func collectionLayout() async throws {
        try await withServer { server in
            let r = try #require(await RawHTTP.request(port: server.port, "GET", "/devices/?projection=_id&limit=2"))
            #expect(r.statusLine == "HTTP/1.1 200 OK")
            #expect(r.header("total") == "6")
            #expect(r.header("GenieACS-Version") == "1.2.16")
            #expect(r.header("Content-Type") == "application/json")
            #expect(r.body == "[\n{\"_id\":\"00E0FC-HG8245H-000000\"},\n{\"_id\":\"00E0FC-HG8245H-000002\"}\n]")
            let empty = try #require(await RawHTTP.request(port: server.port, "GET", "/presets"))
            #expect(empty.body == "[\n\n]")
            #expect(empty.header("total") == "0")
            let head = try #require(await RawHTTP.request(port: server.port, "HEAD", "/devices"))
            #expect(head.header("total") == "6")
            #expect(head.body.isEmpty)
        }
    }

    @Test("a request head of 16 KiB or more is 431 with Connection: close, as Node answers it; just under is served")
    func headerOverflow() async throws {
        try await withServer { server in
            // Node counts the URL, header names and values (here: the URL, `Host: 127.0.0.1` and
            // `Connection: close`).
            let counted = "/devices/?query=Host127.0.0.1Connectionclose".utf8.count
            let fits = "/devices/?query=" + String(repeating: "a", count: 16_383 - counted)
            let under = try #require(await RawHTTP.request(port: server.port, "GET", fits))
            #expect(
                under.statusLine.hasPrefix("HTTP/1.1 400"),
                "served (a bad query), not refused: \(under.statusLine)"
            )
            let over = try #require(await RawHTTP.request(port: server.port, "GET", fits + "a"))
            #expect(over.statusLine == "HTTP/1.1 431 Request Header Fields Too Large")
            #expect(over.header("Connection") == "close")
        }
    }

    @Test("404 for unknown routes and collections, 405 with Allow, bad query JSON is 400 SyntaxError")
    func errors() async throws {
        try await withServer { server in
            let unknown = try #require(await RawHTTP.request(port: server.port, "GET", "/nothing"))
            #expect(unknown.statusLine == "HTTP/1.1 404 Not Found")
            #expect(unknown.body == "404 Not Found")
            let post = try #require(await RawHTTP.request(port: server.port, "POST", "/devices"))
            #expect(post.statusLine == "HTTP/1.1 405 Method Not Allowed")
            #expect(post.header("Allow") == "GET, HEAD")
            let single = try #require(await RawHTTP.request(port: server.port, "GET", "/presets/x"))
            #expect(single.statusLine.hasPrefix("HTTP/1.1 405"))
            let bad = try #require(await RawHTTP.request(port: server.port, "GET", "/devices?query=%7Bx"))
            #expect(bad.statusLine == "HTTP/1.1 400 Bad Request")
            #expect(bad.body.hasPrefix("SyntaxError: "))
            let dotted = try #require(await RawHTTP.request(port: server.port, "DELETE", "/presets/a.b"))
            #expect(dotted.statusLine == "HTTP/1.1 404 Not Found")
        }
    }

    @Test("an invalid task and a non-hex task id drop the connection and count as crashes (lib/nbi.ts:428)")
    func droppedConnections() async throws {
        try await withServer { server in
            let d = "00E0FC-HG8245H-000000"
            #expect(
                await RawHTTP.request(port: server.port, "POST", "/devices/\(d)/tasks", body: #"{"name":"x"}"#) == nil
            )
            #expect(await RawHTTP.request(port: server.port, "DELETE", "/tasks/zzz") == nil)
            #expect(
                await RawHTTP.request(port: server.port, "POST", "/tasks/0123456789abcdef01234567/retry") == nil
            )
            #expect(server.stats()["crashes"] == .number("3"))
            // The server is still up.
            let ok = try #require(await RawHTTP.request(port: server.port, "GET", "/tasks"))
            #expect(ok.statusLine == "HTTP/1.1 200 OK")
        }
    }

    @Test(
        "device queries with $size/$all/$elemMatch/$type/$mod are answered; refused and hostile ones crash only their request"
    )
    func queryOperatorsOverHTTP() async throws {
        func q(_ text: String) -> String {
            "/devices/?query=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        try await withServer { server in
            let d = "00E0FC-HG8245H-000000"
            let tag = try #require(await RawHTTP.request(port: server.port, "POST", "/devices/\(d)/tags/beta"))
            #expect(tag.statusLine == "HTTP/1.1 200 OK")
            for query in [
                #"{"_tags":{"$size":1}}"#, #"{"_tags":{"$all":["beta"]}}"#, #"{"_tags":{"$elemMatch":{"$eq":"beta"}}}"#,
                #"{"_tags":{"$type":"array"}}"#, #"{"_tags":{"$not":{"$size":0}},"_id":{"$mod":[2,0]}}"#,
            ] {
                let r = try #require(await RawHTTP.request(port: server.port, "GET", q(query) + "&projection=_id"))
                #expect(r.statusLine == "HTTP/1.1 200 OK", "\(query)")
                let expected = query.contains("$mod") ? "[\n\n]" : "[\n{\"_id\":\"\(d)\"}\n]"
                #expect(r.body == expected, "\(query)")
            }
            // Refused by MongoDB: GenieACS's worker dies (lib/nbi.ts:671; lib/server.ts:89-100), the connection drops.
            let deep = String(repeating: #"{"$or":["#, count: 150) + "{}" + String(repeating: "]}", count: 150)
            for hostile in [
                #"{"_tags":{"$size":"x"}}"#, #"{"_tags":{"$bogus":1}}"#, deep, #"{"_tags":{"$mod":[0,0]}}"#,
            ] {
                #expect(await RawHTTP.request(port: server.port, "GET", q(hostile)) == nil)
            }
            #expect(server.stats()["crashes"] == .number("4"))
            // Answered by MongoDB but not evaluated here: 501, not a crash. (Tasks: a device query's `$where` string
            // already crashes GenieACS's `v.map`, lib/query.ts:108.)
            let whereQuery = q(#"{"$where":"1"}"#).replacingOccurrences(of: "/devices/", with: "/tasks/")
            let unevaluated = try #require(await RawHTTP.request(port: server.port, "GET", whereQuery))
            #expect(unevaluated.statusLine == "HTTP/1.1 501 Not Implemented")
            #expect(unevaluated.body.contains("$where"))
            let huge = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "GET",
                    q(#"{"_tags":"beta"}"#) + "&skip=1&limit=9223372036854775807"
                )
            )
            #expect(huge.statusLine == "HTTP/1.1 200 OK")
            let ok = try #require(await RawHTTP.request(port: server.port, "GET", q(#"{"_tags":{"$size":1}}"#)))
            #expect(ok.statusLine == "HTTP/1.1 200 OK")
            #expect(ok.header("total") == "1")
        }
        try await withServer({ $0.dropConnectionOnCrash = false }) { server in
            let r = try #require(await RawHTTP.request(port: server.port, "GET", q(#"{"x":{"$type":"nope"}}"#)))
            #expect(r.statusLine == "HTTP/1.1 500 Worker crashed")
            #expect(r.body == "Error: MongoServerError: Unknown type name alias: nope")
        }
    }

    @Test("task POST status lines: 202, 200 after a session, Task faulted, Device is offline, 404")
    func taskStatusLines() async throws {
        try await withServer({
            $0.faults["factoryReset"] = .init(rate: 1, code: "cwmp.9001", message: "Request denied")
            // Generous, so a loaded CI machine still starts the session in time (else "queued but not processed").
            $0.deviceOnlineThresholdMs = 30_000
        }) { server in
            let ids = server.deviceIDs()
            let d = ids[0]
            let queued = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "POST",
                    "/devices/\(d)/tasks",
                    body: #"{"name":"getParameterValues","parameterNames":["InternetGatewayDevice.DeviceInfo"]}"#
                )
            )
            #expect(queued.statusLine == "HTTP/1.1 202 Accepted")
            let task = try JSONValue.parse(queued.body)
            #expect(task["device"] == .string(d))
            let done = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "POST",
                    "/devices/\(d)/tasks?connection_request",
                    body: #"{"name":"refreshObject","objectName":""}"#
                )
            )
            #expect(done.statusLine == "HTTP/1.1 200 OK")
            let faulted = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "POST",
                    "/devices/\(d)/tasks?connection_request",
                    body: #"{"name":"factoryReset"}"#
                )
            )
            #expect(faulted.statusLine == "HTTP/1.1 202 Task faulted")
            let missing = try #require(
                await RawHTTP.request(port: server.port, "POST", "/devices/nope/tasks", body: #"{"name":"reboot"}"#)
            )
            #expect(missing.statusLine == "HTTP/1.1 404 Not Found")
            #expect(missing.body == "No such device")
            let off = try #require(
                await RawHTTP.request(port: server.port, "POST", "/_standin/devices/\(ids[1])/online?value=false")
            )
            #expect(off.statusLine == "HTTP/1.1 200 OK")
            let offline = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "POST",
                    "/devices/\(ids[1])/tasks?connection_request",
                    body: #"{"name":"reboot"}"#
                )
            )
            #expect(offline.statusLine == "HTTP/1.1 202 Device is offline")
            let crOnly = try #require(
                await RawHTTP.request(port: server.port, "POST", "/devices/\(ids[1])/tasks?connection_request")
            )
            #expect(crOnly.statusLine == "HTTP/1.1 504 Device is offline")
            let faults = try #require(await RawHTTP.request(port: server.port, "GET", "/faults?projection=code"))
            #expect(faults.header("total") == "1")
            #expect(faults.body.contains(#""code":"cwmp.9001""#))
        }
    }

    @Test("files PUT answers 201 with metadata from headers; presets are stored with _id from the URL")
    func filesAndPresets() async throws {
        try await withServer { server in
            let put = try #require(
                await RawHTTP.request(
                    port: server.port,
                    "PUT",
                    "/files/fw%201.bin",
                    body: "firmware",
                    headers: [("fileType", "1 Firmware Upgrade Image"), ("Version", "V2")]
                )
            )
            #expect(put.statusLine == "HTTP/1.1 201 Created")
            let files = try #require(
                await RawHTTP.request(port: server.port, "GET", "/files?projection=metadata,length")
            )
            #expect(
                files.body
                    == "[\n{\"_id\":\"fw 1.bin\",\"length\":8,\"metadata\":{\"fileType\":\"1 Firmware Upgrade Image\",\"oui\":null,\"productClass\":null,\"version\":\"V2\"}}\n]"
            )
            let preset = try #require(
                await RawHTTP.request(port: server.port, "PUT", "/presets/p%2D1", body: #"{"weight":0,"_id":"other"}"#)
            )
            #expect(preset.statusLine == "HTTP/1.1 200 OK")
            let presets = try #require(await RawHTTP.request(port: server.port, "GET", "/presets"))
            #expect(presets.body == "[\n{\"_id\":\"p-1\",\"weight\":0}\n]")
            // lib/nbi.ts:526-535: a missing file crashes the worker (the driver's text fails the FileNotFound check).
            #expect(await RawHTTP.request(port: server.port, "DELETE", "/files/nope") == nil)
        }
    }

    @Test("provision uploads are syntax-checked like vm.Script; a top-level return is legal (lib/nbi.ts:142-148)")
    func provisionSyntax() async throws {
        try await withServer { server in
            let ok = try #require(await RawHTTP.request(port: server.port, "PUT", "/provisions/p1", body: "return 1;"))
            #expect(ok.statusLine == "HTTP/1.1 200 OK")
            let bad = try #require(await RawHTTP.request(port: server.port, "PUT", "/provisions/p2", body: "let x = ;"))
            // Without node on PATH every script is accepted (README); with it the 400 carries V8's message.
            if bad.statusLine == "HTTP/1.1 400 Bad Request" {
                #expect(bad.body.hasPrefix("SyntaxError: "))
            }
            let stored = try #require(await RawHTTP.request(port: server.port, "GET", "/provisions?projection=_id"))
            #expect(stored.body.contains("p1"))
        }
    }
}
