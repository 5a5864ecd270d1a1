import Foundation
import Testing

@testable import VOLTHA

#if canImport(Glibc)
import Glibc
#endif

/// An embedder cancels `SadisServer.run()` while connections wait between NIO's accept and the
/// accept loop: the server closes every one of them and returns, instead of trapping in NIO
/// (a connection's writer let go unfinished).
@Suite("SadisServer: cancelling run() with connections queued", .timeLimit(.minutes(3)))
struct SadisServerShutdownTests {
    @Test("cancelled with queued connections: run() returns and each client sees its connection closed")
    func cancelWithQueuedConnections() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sadis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sadis.json")
        // The server serves an existing file only (a missing one is refused when it binds).
        try Data(#"{"sadis": {"entries": []}, "bandwidthprofile": {"entries": []}}"#.utf8).write(to: file)
        let store = SadisStore(path: file.path)
        let server = try await SadisServer.bind(store: store)
        var clients: [Int32] = []
        defer { for client in clients { close(client) } }
        for _ in 0..<20 { clients.append(try Self.connect(port: server.port)) }
        // NIO accepts and queues connections before run() takes any, up to its high watermark (10).
        let deadline = ContinuousClock.now + .seconds(10)
        while server.openConnections < 10, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(server.openConnections >= 10, "\(server.openConnections) connections queued")

        let run = Task { try await server.run() }
        run.cancel()
        _ = await run.result

        // Waited for without blocking a thread of the cooperative pool (two on a small machine).
        let closedBy = ContinuousClock.now + .seconds(20)
        for client in clients {
            while !Self.ended(client), ContinuousClock.now < closedBy { try await Task.sleep(for: .milliseconds(10)) }
            #expect(Self.ended(client), "a queued connection was left open")
        }
        while server.openConnections > 0, ContinuousClock.now < closedBy {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.openConnections == 0)
    }

    /// A connected TCP socket to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            let code = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        return descriptor
    }

    /// Whether the server has ended the connection (end of stream or a reset), without waiting.
    static func ended(_ descriptor: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK)) <= 0
    }
}
