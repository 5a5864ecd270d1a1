import FerruleCore
import Foundation
import NIOCore

/// `ferrule serve` could not listen on its address: the port is in use, the host is not one of
/// this machine's addresses, or it is not a host name at all. Its description is the one line
/// `ferrule serve` prints before exiting 1.
public struct ServerBindError: Error, Sendable, CustomStringConvertible {
    /// `listen.host`.
    public var host: String
    /// `listen.port`.
    public var port: Int
    /// Why, as the system said it (`Address already in use`).
    public var reason: String

    /// The failure to bind `host:port`.
    public init(host: String, port: Int, reason: String) {
        self.host = host
        self.port = port
        self.reason = reason
    }

    public var description: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "ferrule serve: error[bind]: cannot listen on \(DisplayText.value(shown)):\(port): \(reason)"
    }

    /// The system's reason for `error`, without NIO's call names.
    static func reason(of error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode))
        }
        if let error = error as? SocketAddressError.UnknownHost {
            return "not a host name or address of this machine (\(DisplayText.line(error.errorDescription)))"
        }
        return DisplayText.line("\(error)")
    }
}
