import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A port of 127.0.0.1 held for a server a test starts, stops and starts again at the same
/// address: a socket bound there with `SO_REUSEADDR` that never listens.
///
/// While it is held, the kernel hands the port to no one else — not to another test's server
/// binding port 0, not to an outgoing connection — and a client connecting meets
/// `Connection refused` whenever no server runs there. A server that binds with `SO_REUSEADDR`
/// too (Tansu does, as tokio's listeners do) binds and listens on it all the same: the port never
/// has to be given up between one server and the next.
public final class PortReservation: Sendable {
    /// The port held.
    public let port: Int
    private let descriptor: Int32

    /// Holds a free port of 127.0.0.1.
    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SilentListenerError(step: "socket", code: errno) }
        var yes: Int32 = 1
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) == 0
                    && Glibc.bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(descriptor)
            throw SilentListenerError(step: "bind", code: code)
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }
}
