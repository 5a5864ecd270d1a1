import CurlHTTP
import Testing

@Suite struct HTTPClientConnectionTests {
    @Test("50 sequential requests reuse one kept-alive connection")
    func sequentialReuse() async throws {
        let server = try LoopbackServer { request in .response(200, "OK", body: Array(request.target.utf8)) }
        defer { server.stop() }
        let client = try HTTPClient()
        defer { client.shutdown() }

        for index in 0..<50 {
            let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/r/\(index)")))
            #expect(response.text == "/r/\(index)")
        }

        #expect(server.acceptedConnections == 1)
        #expect(server.requests.count == 50)
    }

    @Test("1,000 concurrent requests all succeed over at most maxConnectionsPerHost connections")
    func thousandConcurrent() async throws {
        let server = try LoopbackServer { request in .response(200, "OK", body: Array(request.target.utf8)) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(maxConnectionsPerHost: 100))
        defer { client.shutdown() }

        let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/c/\(index)")))
                    return response.status == 200 && response.text == "/c/\(index)"
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }

        #expect(succeeded == 1000)
        #expect(server.requests.count == 1000)
        #expect(server.peakOpenConnections <= 100)
        #expect(server.acceptedConnections <= 100)
    }

    @Test("300 connections busy at once (more than one wait collects) all complete, and a hung one still times out")
    func manyConnectionsAndATimer() async throws {
        let server = try LoopbackServer { request in
            request.target == "/hang" ? .hang : .response(200, "OK", body: Array(request.target.utf8))
        }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(requestTimeout: .seconds(300), maxConnectionsPerHost: 300))
        defer { client.shutdown() }

        let (succeeded, hung) = try await withThrowingTaskGroup(of: (Bool, HTTPClientError.Kind?).self) { group in
            group.addTask {
                do {
                    _ = try await client.send(
                        HTTPRequest(method: "GET", url: server.url("/hang"), timeout: .milliseconds(300))
                    )
                    return (false, nil)
                } catch let error as HTTPClientError {
                    return (false, error.kind)
                }
            }
            for index in 0..<299 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(method: "GET", url: server.url("/m/\(index)")))
                    return (response.status == 200 && response.text == "/m/\(index)", nil)
                }
            }
            var succeeded = 0
            var hung: HTTPClientError.Kind?
            for try await (ok, kind) in group {
                if ok { succeeded += 1 }
                if let kind { hung = kind }
            }
            return (succeeded, hung)
        }

        #expect(succeeded == 299)
        #expect(hung == .timeout)
        #expect(server.peakOpenConnections <= 300)
    }
}
