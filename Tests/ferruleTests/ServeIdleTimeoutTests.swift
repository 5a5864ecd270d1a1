import FerruleTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A client that sends half a request and then nothing cannot hold a connection past
/// `limits.idle_timeout_seconds`, nor one that sends its body a byte at a time past
/// `limits.request_timeout_seconds`, nor take more than `limits.max_requests_per_token` (slowloris).
@Suite("ferrule serve: the idle timeout")
struct ServeIdleTimeoutTests {
    @Test("a half-sent request head is closed by the server within idle_timeout_seconds")
    func halfSentRequestClosed() async throws {
        let directory = try Scratch.directory(["serve.yaml": "limits: {idle_timeout_seconds: 1}\n"])
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start([
            "--config", directory + "/serve.yaml", "--port", "0", "--state", state,
        ])
        let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
        // Blocking socket calls run on a thread of their own, never on the cooperative pool, and
        // the time is taken there too: this process's pool can be busy with other tests for seconds.
        let (outcome, elapsed) = await withCheckedContinuation {
            (continuation: CheckedContinuation<(String, Duration), Never>) in
            Thread {
                let started = ContinuousClock.now
                let outcome = Self.halfSend(port: port, giveUpAfter: 20)
                continuation.resume(returning: (outcome, ContinuousClock.now - started))
            }.start()
        }
        #expect(outcome == "closed", "\(outcome); log: \(server.log)")
        #expect(elapsed < .seconds(15), "closed after \(elapsed)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }

    @Test(
        "a body sent a byte at a time is cut at request_timeout_seconds; meanwhile the token's next request is 429, after it 200"
    )
    func tricklingBodyCut() async throws {
        let directory = try Scratch.directory([
            "serve.yaml": """
            limits: {idle_timeout_seconds: 30, request_timeout_seconds: 4, max_requests_per_token: 1}
            tenants:
              default:
                genieacs: {url: "http://127.0.0.1:9"}

            """
        ])
        let state = try Scratch.directory("ferrule-serve").path
        let server = try await ServeProcess.start([
            "--config", directory + "/serve.yaml", "--port", "0", "--state", state,
        ])
        let token = try await ServeEndToEndTests.createToken(state, ["--tenant", "default", "--permission", "isp.*"])
        let port = try #require(server.url.split(separator: ":").last.flatMap { Int($0) })
        // The slow request and the polls race for the token's one slot: a round where a poll held
        // it when the slow request arrived (that one is answered 429 and closed) is run again.
        var rounds: [String] = []
        var succeeded = false
        for _ in 0..<5 {
            let finished = Mutex(false)
            let trickle = Task {
                await withCheckedContinuation { (continuation: CheckedContinuation<(String, Duration), Never>) in
                    Thread {
                        let started = ContinuousClock.now
                        let outcome = Self.trickle(port: port, token: token, giveUpAfter: 20)
                        finished.withLock { $0 = true }
                        continuation.resume(returning: (outcome, ContinuousClock.now - started))
                    }.start()
                }
            }
            var refused: String?
            for _ in 0..<1000 where refused == nil && !finished.withLock({ $0 }) {
                let answer = try await server.request("GET", "/api/v1/ferrule/campaigns", headers: ["X-API-Key": token])
                if answer.status == 429 { refused = answer.body }
                try await Task.sleep(for: .milliseconds(20))  // polls the server's state, bounded
            }
            let (outcome, elapsed) = await trickle.value
            rounds.append("\(outcome) after \(elapsed), poll refused: \(refused ?? "no")")
            // Under load a round's polls may all miss the slow request's time in flight: run again.
            guard outcome == "closed", let refused else { continue }
            #expect(refused.contains("Too many requests in flight"), "\(rounds)")
            #expect(elapsed < .seconds(20), "\(rounds)")
            succeeded = true
            break
        }
        #expect(succeeded, "\(rounds); log: \(server.log)")
        let after = try await server.request("GET", "/api/v1/ferrule/campaigns", headers: ["X-API-Key": token])
        #expect(after.status == 200, "the slot is free again: \(after.body)")
        #expect(await server.terminate() == 0, "\(server.log)")
    }

    /// Connects, sends a POST head declaring a 1,000-byte body, then one byte of it every half
    /// second (never silent for the idle timeout): "closed" when the server closes, "refused" when
    /// it answers 429 first, "timed out" after `giveUpAfter` seconds, or the failing step.
    static func trickle(port: Int, token: String, giveUpAfter seconds: Int) -> String {
        let descriptor: Int32
        switch connected(port: port) {
        case .success(let connected): descriptor = connected
        case .failure(let step): return step.description
        }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let head = Array(
            ("POST /api/v1/ferrule/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n").utf8
        )
        guard send(descriptor, head, head.count, 0) == head.count else { return "send failed" }
        let deadline = ContinuousClock.now + .seconds(seconds)
        var buffer = [UInt8](repeating: 0, count: 512)
        while ContinuousClock.now < deadline {
            guard send(descriptor, [0x20], 1, Int32(MSG_NOSIGNAL)) == 1 else { return "closed" }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return "closed" }
            if count < 0, errno != EAGAIN, errno != EWOULDBLOCK { return "closed" }
            if count > 0, String(decoding: buffer[..<count], as: UTF8.self).hasPrefix("HTTP/1.1 429") {
                return "refused"
            }
        }
        return "timed out"
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port`, or the step that failed.
    static func connected(port: Int) -> Result<Int32, SocketStep> {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(SocketStep(description: "socket failed")) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let failure = SocketStep(description: "connect failed: errno \(errno)")
            close(descriptor)
            return .failure(failure)
        }
        return .success(descriptor)
    }

    struct SocketStep: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects, sends a request line and one header without the blank line, and waits for the
    /// server to close: "closed", "timed out" after `giveUpAfter` seconds, or the failing step.
    static func halfSend(port: Int, giveUpAfter seconds: Int) -> String {
        let descriptor: Int32
        switch connected(port: port) {
        case .success(let connected): descriptor = connected
        case .failure(let step): return step.description
        }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let head = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        guard send(descriptor, head, head.count, 0) == head.count else { return "send failed" }
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return "closed" }
            if count < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : "closed (errno \(errno))" }
        }
    }
}
