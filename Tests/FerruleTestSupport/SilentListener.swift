import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket listening on 127.0.0.1 that never answers: the kernel completes connections into
/// its backlog, so a client connects, sends its request and waits forever. Tests use it to occupy
/// a port, or as an upstream that hangs. With `accepting`, a thread of its own accepts and holds
/// each connection (``accepted`` counts them: a test knows a request reached it).
public final class SilentListener: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Int32
    private let held = HeldConnections()

    /// Connections accepted so far (always 0 without `accepting`).
    public var accepted: Int { held.list.withLock { $0.count } }

    /// Listens on an ephemeral port of 127.0.0.1.
    public init(accepting: Bool = false) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SilentListenerError(step: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, size) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let code = errno
            close(descriptor)
            throw SilentListenerError(step: "bind/listen", code: code)
        }
        var length = size
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(descriptor)
            throw SilentListenerError(step: "getsockname", code: code)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        if accepting {
            Thread { [held] in
                while true {
                    let connection = accept(descriptor, nil, nil)
                    guard connection >= 0 else { return }  // closed: the listener is gone
                    held.list.withLock { $0.append(connection) }
                }
            }.start()
        }
    }

    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
        for connection in held.list.withLock({ $0 }) { close(connection) }
    }
}

/// The connections a ``SilentListener`` accepted and holds open.
private final class HeldConnections: Sendable {
    let list = Mutex<[Int32]>([])
}

/// A socket call of ``SilentListener`` failed.
public struct SilentListenerError: Error, CustomStringConvertible {
    public var step: String
    public var code: Int32
    public var description: String { "\(step) failed: errno \(code)" }
}
