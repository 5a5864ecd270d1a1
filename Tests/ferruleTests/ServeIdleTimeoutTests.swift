import FerruleTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A client that sends half a request and then nothing cannot hold a connection past
/// `limits.idle_timeout_seconds` (slowloris).
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

    /// Connects, sends a request line and one header without the blank line, and waits for the
    /// server to close: "closed", "timed out" after `giveUpAfter` seconds, or the failing step.
    static func halfSend(port: Int, giveUpAfter seconds: Int) -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return "socket failed" }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return "connect failed: errno \(errno)" }
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
