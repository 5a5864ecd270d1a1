import NIOCore
import NIOHTTP1

/// One client connection: aggregates each request's body (capped), answers through the router and keeps the
/// connection alive; a ``Reply/drop`` closes it without a response once ``Scenario/Latencies/crashCloseMs`` passed
/// (a crashed GenieACS worker keeps the socket until it exits, lib/server.ts:87-100, 147-154).
struct ConnectionHandler: Sendable {
    let router: NBIRouter
    let engine: Engine
    let scenario: Scenario

    /// Node's `http.maxHeaderSize` (16 KiB, `--max-http-header-size`; GenieACS 1.2.16 sets no
    /// other): its parser counts the bytes of the URL, header names and header values of a request
    /// (src/node_http_parser.cc `TrackHeader`) and refuses the request once they reach the limit
    /// with `431 Request Header Fields Too Large` and `Connection: close` (lib/_http_server.js
    /// `socketOnError`, HPE_HEADER_OVERFLOW). A long NBI query in the URL meets it first.
    static let maxHeaderBytes = 16384

    /// The bytes of `head` that Node counts against ``maxHeaderBytes``.
    static func headerBytes(_ head: HTTPRequestHead) -> Int {
        head.headers.reduce(head.uri.utf8.count) { $0 + $1.name.utf8.count + $1.value.utf8.count }
    }

    func serve(_ client: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await client.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let h):
                    if Self.headerBytes(h) >= Self.maxHeaderBytes {
                        // Node answers a header overflow itself, before GenieACS sees the request.
                        engine.withState { $0.stats.requests += 1 }
                        var headers = HTTPHeaders()
                        headers.add(name: "Connection", value: "close")
                        try await outbound.write(
                            .head(
                                HTTPResponseHead(
                                    version: h.version,
                                    status: .requestHeaderFieldsTooLarge,
                                    headers: headers
                                )
                            )
                        )
                        try await outbound.write(.end(nil))
                        engine.withState { $0.stats.responses[431, default: 0] += 1 }
                        return
                    }
                    head = h
                    body.clear()
                    tooLarge = false
                case .body(var chunk):
                    if body.readableBytes + chunk.readableBytes > scenario.maxBodyBytes {
                        tooLarge = true
                    } else if !tooLarge {
                        body.writeBuffer(&chunk)
                    }
                case .end:
                    guard let h = head else { continue }
                    head = nil
                    engine.withState { $0.stats.requests += 1 }
                    let reply: Reply =
                        tooLarge
                        ? .text(413, nil, "413 Payload Too Large") : await router.route(Request(head: h, body: body))
                    if case .drop = reply {
                        if scenario.latencies.crashCloseMs > 0 {
                            try? await Task.sleep(for: .milliseconds(scenario.latencies.crashCloseMs))
                        }
                        return
                    }
                    if scenario.latencies.responseDelayMs > 0 {
                        try? await Task.sleep(for: .milliseconds(scenario.latencies.responseDelayMs))
                    }
                    let keepAlive = h.isKeepAlive && !tooLarge && !reply.closes
                    let code = try await write(
                        reply,
                        version: h.version,
                        keepAlive: keepAlive,
                        isHead: h.method == .HEAD,
                        outbound
                    )
                    engine.withState { $0.stats.responses[code, default: 0] += 1 }
                    if !keepAlive { return }
                }
            }
        }
    }

    /// Writes a reply; returns its status code.
    private func write(
        _ reply: Reply,
        version: HTTPVersion,
        keepAlive: Bool,
        isHead: Bool,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Int {
        var headers = HTTPHeaders()
        // GenieACS 1.2.16 lib/nbi.ts:51: every response carries the version header.
        headers.add(name: "GenieACS-Version", value: GenieACSVersion.reproduced)
        if !keepAlive && !reply.closes { headers.add(name: "Connection", value: "close") }
        switch reply {
        case .drop:
            return 0
        case .full(let status, let extra, let text):
            for (name, value) in extra { headers.add(name: name, value: value) }
            headers.add(name: "Content-Length", value: String(text.utf8.count))
            try await outbound.write(.head(HTTPResponseHead(version: version, status: status, headers: headers)))
            // Node sends no body for HEAD but keeps the Content-Length of the one it would have sent.
            if !text.isEmpty && !isHead { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text)))) }
            try await outbound.write(.end(nil))
            return Int(status.code)
        case .collection(let total, let headOnly, let source):
            // GenieACS 1.2.16 lib/nbi.ts:673-697: `total` counts every match; the body is `[` newline, items joined by
            // `,` newline, newline `]`.
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "total", value: String(total))
            if headOnly {
                headers.add(name: "Content-Length", value: "0")
            } else if version.major == 1 && version.minor == 1 {
                headers.add(name: "Transfer-Encoding", value: "chunked")
            }
            try await outbound.write(.head(HTTPResponseHead(version: version, status: .ok, headers: headers)))
            if !headOnly { try await writeArray(source, outbound) }
            try await outbound.write(.end(nil))
            return 200
        }
    }

    private func writeArray(
        _ source: DocumentSource,
        _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var buffer = ByteBuffer(string: "[\n")
        var first = true
        func append(_ docs: [String]) {
            for doc in docs {
                if !first { buffer.writeString(",\n") }
                first = false
                buffer.writeString(doc)
            }
        }
        switch source {
        case .rendered(let docs):
            for start in stride(from: 0, to: docs.count, by: 256) {
                append(Array(docs[start..<min(docs.count, start + 256)]))
                try await outbound.write(.body(.byteBuffer(buffer)))
                buffer.clear()
            }
        case .devices(let indices, let projection):
            for start in stride(from: 0, to: indices.count, by: 128) {
                let slice = indices[start..<min(indices.count, start + 128)]
                append(engine.withState { $0.renderDevices(slice, projection: projection) })
                try await outbound.write(.body(.byteBuffer(buffer)))
                buffer.clear()
            }
        }
        buffer.writeString("\n]")
        try await outbound.write(.body(.byteBuffer(buffer)))
    }
}
