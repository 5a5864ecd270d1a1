import CurlHTTP
import GenieACS
import NIOCore
import NIOHTTP1

/// An ``NBITransport`` that hands each request to the stand-in's router in this process: the same routes, status
/// lines, reason phrases and collection layout as over HTTP (GenieACS 1.2.16 lib/nbi.ts:72-702), without a socket.
struct RouterTransport: NBITransport {
    let router: NBIRouter
    let engine: Engine

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var uri = request.url
        if let scheme = uri.firstRange(of: "://") {
            let rest = uri[scheme.upperBound...]
            uri = String(rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...])
        }
        if uri.isEmpty { uri = "/" }
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let head = HTTPRequestHead(
            version: .http1_1,
            method: HTTPMethod(rawValue: request.method),
            uri: uri,
            headers: headers
        )
        engine.withState { $0.stats.requests += 1 }
        let reply = await router.route(Request(head: head, body: ByteBuffer(bytes: request.body)))
        let response = render(reply, url: request.url)
        if let response { engine.withState { $0.stats.responses[response.status, default: 0] += 1 } }
        guard let response else {
            throw HTTPClientError(
                kind: .connectionDropped,
                method: request.method,
                url: request.url,
                detail: "the connection was closed without a response (a GenieACS worker crash)"
            )
        }
        return response
    }

    /// The response the connection handler would write; nil for a dropped connection.
    private func render(_ reply: Reply, url: String) -> HTTPResponse? {
        var headers = [HTTPHeader("GenieACS-Version", GenieACSVersion.reproduced)]
        switch reply {
        case .drop:
            return nil
        case .full(let status, let extra, let text):
            headers += extra.map { HTTPHeader($0.0, $0.1) }
            return HTTPResponse(
                url: url,
                status: Int(status.code),
                reasonPhrase: status.reasonPhrase,
                headers: headers,
                body: Array(text.utf8)
            )
        case .collection(let total, let headOnly, let source):
            headers += [HTTPHeader("Content-Type", "application/json"), HTTPHeader("total", String(total))]
            var documents: [String] = []
            if !headOnly {
                switch source {
                case .rendered(let rendered): documents = rendered
                case .devices(let indices, let projection):
                    for start in stride(from: 0, to: indices.count, by: 128) {
                        let slice = indices[start..<min(indices.count, start + 128)]
                        documents += engine.withState { $0.renderDevices(slice, projection: projection) }
                    }
                }
            }
            let body = headOnly ? "" : "[\n" + documents.joined(separator: ",\n") + "\n]"
            return HTTPResponse(url: url, status: 200, reasonPhrase: "OK", headers: headers, body: Array(body.utf8))
        }
    }
}
