import FerruleTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A held port refuses connections while no server runs on it, cannot be taken by a server
/// that does not share it, and takes a server that binds with `SO_REUSEADDR` (as Tansu does) as
/// often as it is started again — what the Kafka tests rely on to restart a broker at its address.
@Suite("PortReservation: a port kept between one server and the next")
struct PortReservationTests {
    @Test("refused while empty, closed to other binds, open to one server after another")
    func heldAcrossRestarts() throws {
        let reservation = try PortReservation()
        #expect(Self.connect(reservation.port) == ECONNREFUSED)
        #expect(Self.bindAndListen(reservation.port, reuseAddress: false).error == EADDRINUSE)
        for _ in 0..<2 {
            let server = Self.bindAndListen(reservation.port, reuseAddress: true)
            #expect(server.error == 0)
            #expect(Self.connect(reservation.port) == 0)
            close(server.descriptor)
            #expect(Self.connect(reservation.port) == ECONNREFUSED)
        }
    }

    /// `127.0.0.1:port` as a `sockaddr_in`.
    static func address(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// 0 when a connection to the port is accepted, else the errno.
    static func connect(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var target = address(port)
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    /// A listening socket on the port (error 0), or the errno of the bind or listen.
    static func bindAndListen(_ port: Int, reuseAddress: Bool) -> (descriptor: Int32, error: Int32) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = reuseAddress ? 1 : 0
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var target = address(port)
        let bound = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 && listen(descriptor, 8) == 0
            }
        }
        guard bound else {
            let code = errno
            close(descriptor)
            return (-1, code)
        }
        return (descriptor, 0)
    }
}
