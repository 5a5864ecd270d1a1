import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on 127.0.0.1 that answers every request with a status line and then a body
/// that never ends (no `Content-Length`, the connection closes the body): a broken or hostile
/// upstream. It writes until the client hangs up, so ``endedStreams`` tells a test that the client
/// stopped reading rather than reading to an end there is not.
///
/// One thread accepts, one thread serves each connection.
public final class EndlessHTTPServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Int32
    private let state = Mutex(State())
    private let head: [UInt8]
    private let chunk: [UInt8]

    private struct State {
        var requests: [String] = []
        var endedStreams = 0
        var bytesSent = 0
        var stopped = false
    }

    /// Listens on an ephemeral port of 127.0.0.1; every answer is `status` `reason`, then `pattern`
    /// repeated without end.
    public init(status: Int = 200, reason: String = "OK", pattern: String = "x") throws {
        head = Array("HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n".utf8)
        var chunk: [UInt8] = []
        let unit = Array(pattern.utf8)
        while chunk.count < 65_536 { chunk += unit }
        self.chunk = chunk
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SilentListenerError(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, length) == 0 && listen(descriptor, 64) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(descriptor)
            throw SilentListenerError(step: "bind/listen", code: code)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The request lines read so far (`GET /devices/?… HTTP/1.1`).
    public var requests: [String] { state.withLock { $0.requests } }
    /// Answers that ended because the client closed the connection.
    public var endedStreams: Int { state.withLock { $0.endedStreams } }
    /// Body and head bytes written to all clients.
    public var bytesSent: Int { state.withLock { $0.bytesSent } }

    /// Waits until `count` answers have ended with the client hanging up, for at most `timeout`;
    /// returns whether they did.
    public func waitForEndedStreams(_ count: Int, timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while endedStreams < count {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Stops accepting; answers in progress end at their next write.
    public func stop() {
        state.withLock { $0.stopped = true }
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    deinit {
        close(descriptor)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { return }  // shut down
            if state.withLock({ $0.stopped }) {
                close(connection)
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        // The request head; a body the client sends (Content-Length) is left unread: the answer
        // does not depend on it, and closing with it unread resets the connection either way.
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while received.firstRange(of: [13, 10, 13, 10]) == nil {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            received += buffer[..<count]
        }
        let line = String(decoding: received.prefix { $0 != 13 }, as: UTF8.self)
        state.withLock { $0.requests.append(line) }
        guard write(head, to: connection) else { return }
        while !state.withLock({ $0.stopped }) {
            guard write(chunk, to: connection) else {
                state.withLock { $0.endedStreams += 1 }
                return
            }
        }
    }

    /// Writes all of `bytes`; false when the client has closed the connection.
    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(connection, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
            state.withLock { $0.bytesSent += sent }
        }
        return true
    }
}
