import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// `ferrule voltha sadis-serve` is bounded: a connection cap, a deadline for a whole request
/// (slowloris), and `/v2/static` served from the file's last reading, read again when it changes.
@Suite("ferrule voltha sadis-serve: connection cap, request deadline, static document")
struct SadisServeLimitsEndToEndTests {
    /// The server listens on 127.0.0.2: a port the kernel hands out for port 0 may have just been
    /// freed by another test's server whose clients still reconnect to 127.0.0.1:<port> (a Kafka
    /// client after its broker stopped); their connections would count against a cap of 2.
    static let host = "127.0.0.2"

    static func serve(_ options: [String]) async throws -> (ServerProcess, String, Int) {
        let file = try Scratch.file("sadis.json", Array(VolthaProvisioningEndToEndTests.sadis.utf8))
        let server = try await ServerProcess.start(
            FerruleRunner.executable,
            ["voltha", "sadis-serve", "--sadis", file, "--host", host, "--port", "0"] + options,
            addressPrefix: "listening on ",
            environment: PythonStandIn.childEnvironment,
            stopSignal: SIGKILL
        )
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { Int($0) })
        return (server, file, port)
    }

    /// Runs blocking socket work on a thread of its own (never on the cooperative pool).
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    @Test("a request sent only in part is closed within --idle-timeout, however long the client waits")
    func halfSentRequestClosed() async throws {
        let (server, _, port) = try await Self.serve(["--idle-timeout", "1"])
        defer { server.stop() }
        let (outcome, elapsed) = await Self.blocking { () -> (String, Duration) in
            let started = ContinuousClock.now
            guard let connection = RawConnection(port: port, receiveTimeout: 20) else {
                return ("connect failed", .zero)
            }
            defer { connection.close() }
            guard connection.send("GET /v2/static HTTP/1.1\r\nHost: x\r\n") else {
                return ("send failed", .zero)
            }
            return (connection.readUntilClosed().outcome, ContinuousClock.now - started)
        }
        #expect(outcome == "closed", "\(outcome)")
        #expect(elapsed < .seconds(15), "closed after \(elapsed)")
    }

    @Test("connections past --max-connections are closed at once; those held are still answered")
    func connectionCap() async throws {
        let (server, _, port) = try await Self.serve(["--max-connections", "2", "--idle-timeout", "60"])
        defer { server.stop() }
        let outcome = await Self.blocking { () -> [String] in
            guard let first = RawConnection(port: port, receiveTimeout: 20),
                let second = RawConnection(port: port, receiveTimeout: 20)
            else { return ["connect failed"] }
            defer {
                first.close()
                second.close()
            }
            _ = first.send("GET /v2/subscribers/BBSM00000001-1 HTTP/1.1\r\n")
            _ = second.send("GET /v2/subscribers/BBSM00000001-1 HTTP/1.1\r\n")
            var outcome: [String] = []
            if let third = RawConnection(port: port, receiveTimeout: 20) {
                _ = third.send("GET /v2/subscribers/BBSM00000001-1 HTTP/1.1\r\nHost: x\r\n\r\n")
                let answer = third.readUntilClosed()
                outcome.append(answer.bytes.isEmpty ? answer.outcome : "answered")
                third.close()
            } else {
                outcome.append("refused")
            }
            _ = first.send("Host: x\r\nConnection: close\r\n\r\n")
            let read = first.readUntilClosed()
            let answer = String(decoding: read.bytes, as: UTF8.self)
            outcome.append(answer.hasPrefix("HTTP/1.1 200") ? "200" : "\(read.outcome): \(answer)")
            return outcome
        }
        #expect(
            outcome.count == 2 && ["closed", "closed (errno \(ECONNRESET))", "refused"].contains(outcome[0]),
            "\(outcome)"
        )
        #expect(outcome.last == "200", "\(outcome)")
    }

    @Test("/v2/static is the file's document, and a changed file is served at the next request")
    func staticFollowsTheFile() async throws {
        let (server, file, _) = try await Self.serve([])
        defer { server.stop() }
        func fetch() async throws -> JSONValue {
            guard let url = URL(string: server.firstLine + "/v2/static") else { throw E2EError("bad URL") }
            let (data, _) = try await URLSession.shared.data(from: url)
            return try JSONValue.parse(Array(data))
        }
        let before = try await fetch()
        #expect(before["bandwidthprofile"]?["entries"]?.arrayValue?.count == 3)
        #expect(try await fetch() == before)
        let changed = VolthaProvisioningEndToEndTests.sadis.replacingOccurrences(
            of: #"{"id": "Default", "cir": 1000000,"#,
            with: #"{"id": "Gold", "cir": 2000000}, {"id": "Default", "cir": 1000000,"#
        )
        try Data(changed.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        let after = try await fetch()
        #expect(after["bandwidthprofile"]?["entries"]?.arrayValue?.count == 4, "\(after)")
    }
}

/// A blocking TCP connection to the test server's loopback address, for clients that misbehave on purpose.
final class RawConnection: Sendable {
    let descriptor: Int32

    init?(port: Int, receiveTimeout seconds: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(SadisServeLimitsEndToEndTests.host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
    }

    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count
    }

    /// Reads until the server closes: "closed" with what arrived, or "timed out".
    func readUntilClosed() -> (outcome: String, bytes: [UInt8]) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < 1 << 20 {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return ("closed", received) }
            if count < 0 {
                return (errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : "closed (errno \(errno))", received)
            }
            received += buffer[0..<count]
        }
        return ("too much", received)
    }

    func close() { Glibc.close(descriptor) }
}
