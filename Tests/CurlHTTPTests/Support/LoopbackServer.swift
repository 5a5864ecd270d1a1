import CurlHTTP
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests, scripted per request so it can send exact bytes,
/// hang, or close without answering. One thread accepts, one thread serves each connection.
///
/// `@unchecked Sendable`: the mutable state is in `state` (a `Mutex`); each socket belongs to the
/// one thread that serves it.
final class LoopbackServer: @unchecked Sendable {
    /// A request as the server read it.
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [HTTPHeader]
        var body: [UInt8]

        /// The first header named `name`, case-insensitively.
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What the server does with a request.
    enum Reply: Sendable {
        /// Sends these bytes and keeps the connection open for the next request.
        case raw([UInt8])
        /// Closes the connection without answering.
        case close
        /// Never answers; the connection stays open until the client closes it.
        case hang

        /// A complete response with `Content-Length`.
        static func response(
            _ status: Int,
            _ reason: String,
            headers: [(String, String)] = [],
            body: [UInt8] = [],
            contentLength: Int? = nil
        ) -> Reply {
            var head = "HTTP/1.1 \(status) \(reason)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(contentLength ?? body.count)\r\n\r\n"
            return .raw(Array(head.utf8) + body)
        }
    }

    private struct State {
        var accepted = 0
        var open = 0
        var peakOpen = 0
        var requests: [Request] = []
        var stopped = false
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let state = Mutex(State())

    /// Starts listening on an ephemeral port of 127.0.0.1.
    init(handler: @escaping @Sendable (Request) -> Reply) throws {
        let (listener, port) = try LoopbackServer.listen()
        self.listener = listener
        self.port = port
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `http://127.0.0.1:<port><path>`
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Connections accepted so far.
    var acceptedConnections: Int { state.withLock { $0.accepted } }
    /// The most connections open at once.
    var peakOpenConnections: Int { state.withLock { $0.peakOpen } }
    /// Every request read so far, in order.
    var requests: [Request] { state.withLock { $0.requests } }

    /// Waits (up to `timeout`) until the server has read `count` requests.
    func waitForRequests(_ count: Int, timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now + timeout
        while state.withLock({ $0.requests.count }) < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Stops accepting and closes every connection (within ~50 ms).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    // MARK: Threads

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            guard LoopbackServer.waitReadable(listener) else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            state.withLock {
                $0.accepted += 1
                $0.open += 1
                $0.peakOpen = max($0.peakOpen, $0.open)
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            close(connection)
            state.withLock { $0.open -= 1 }
        }
        var buffer: [UInt8] = []
        while let request = read(from: connection, buffer: &buffer) {
            state.withLock { $0.requests.append(request) }
            switch handler(request) {
            case .raw(let bytes):
                guard LoopbackServer.write(bytes, to: connection) else { return }
            case .close:
                return
            case .hang:
                // Read until the client gives up (closes) or the server stops.
                var ignored: [UInt8] = []
                while receive(from: connection, into: &ignored) {}
                return
            }
        }
    }

    /// Reads one request (head and `Content-Length` body); nil when the connection ends.
    private func read(from connection: Int32, buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while true {
            if headEnd == nil, let range = buffer.firstRange(of: separator) { headEnd = range.upperBound }
            if let end = headEnd, let request = LoopbackServer.parse(Array(buffer[..<end])) {
                let length = Int(request.header("Content-Length") ?? "0") ?? 0
                if buffer.count >= end + length {
                    var complete = request
                    complete.body = Array(buffer[end..<(end + length)])
                    buffer.removeFirst(end + length)
                    return complete
                }
            }
            guard receive(from: connection, into: &buffer) else { return nil }
        }
    }

    /// Appends whatever arrives; false at end of stream, on error or when the server stops.
    private func receive(from connection: Int32, into buffer: inout [UInt8]) -> Bool {
        while !isStopped {
            guard LoopbackServer.waitReadable(connection) else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
        return false
    }

    // MARK: Sockets

    private static func parse(_ head: [UInt8]) -> Request? {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(String(line[..<colon]), value))
        }
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
    }

    /// Waits up to 50 ms for `fd` to become readable.
    private static func waitReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 50) > 0
    }

    private static func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// A listening socket on 127.0.0.1 and its port.
    private static func listen() throws -> (Int32, Int) {
        let (socket, port) = try bound()
        guard Glibc.listen(socket, 1024) == 0 else {
            close(socket)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        return (socket, port)
    }

    /// A socket bound to 127.0.0.1 on an ephemeral port, and that port.
    static func bound() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A port on 127.0.0.1 where nothing listens: connecting is refused. The port stays bound (not
    /// listening) until ``ClosedPort/release()``, so no server another test starts on port 0 can take it.
    static func closedPort() throws -> ClosedPort {
        let (fd, port) = try bound()
        return ClosedPort(descriptor: fd, port: port)
    }

    /// A bound, never-listening socket on 127.0.0.1.
    final class ClosedPort: Sendable {
        let port: Int
        private let descriptor: Int32

        init(descriptor: Int32, port: Int) {
            self.descriptor = descriptor
            self.port = port
        }

        /// Frees the port.
        func release() { close(descriptor) }
    }
}
