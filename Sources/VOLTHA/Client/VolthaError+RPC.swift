import Foundation
internal import GRPCCore

extension VolthaError {
    /// Maps a gRPC status from VOLTHA's NBI to a typed error.
    ///
    /// Texts matched are VOLTHA's own: `cannot-enable-an-already-enabled-device`,
    /// `device-already-enabled`, `device-already-disabled` (`voltha-go:rw_core/core/device/agent.go`),
    /// "system is not ready" (the readiness interceptor, `voltha-lib-go:pkg/grpc/server.go`) and the
    /// plain "unimplemented" error some RPCs return with code UNKNOWN
    /// (`voltha-go:rw_core/core/api/grpc_nbi_handler.go`).
    /// `deadline` is the call's, named when it passed (which `--voltha-timeout` it was).
    init(rpc: String, status: RPCError, subject: String?, target: String, deadline: Duration? = nil) {
        let text = Self.withoutAddresses(status.message, target: target)
        let detail = "\(rpc): \(Self.codeName(status.code))" + (text.isEmpty ? "" : " \"\(text.shortened())\"")
        let what = subject.map { "device \($0)" } ?? "the request"
        switch status.code {
        case .notFound:
            self.init(.notFound, Self.notFound(text, subject: subject), target: target, detail: detail)
        case .failedPrecondition where text.contains("already-enabled"):
            self.init(.alreadyEnabled, "\(what) is already enabled", target: target, detail: detail)
        case .failedPrecondition where text.contains("already-disabled"):
            self.init(.alreadyDisabled, "\(what) is already disabled", target: target, detail: detail)
        case .failedPrecondition where text.contains("parent device"):
            self.init(
                .failedPrecondition,
                "\(what): its OLT is not reachable, so VOLTHA refuses; check the OLT first",
                target: target,
                detail: detail
            )
        case .failedPrecondition where text.contains("deletion is in progress"):
            self.init(
                .failedPrecondition,
                "\(what) is being deleted or reconciled; retry when that has finished",
                target: target,
                detail: detail
            )
        case .failedPrecondition:
            self.init(
                .failedPrecondition,
                "\(what) is not in a state that allows \(rpc)",
                target: target,
                detail: detail
            )
        case .unavailable where text.contains("not ready"):
            self.init(
                .notReady,
                "VOLTHA core not ready (its Kafka, etcd or adapters are down); retry later",
                target: target,
                detail: detail
            )
        case .unavailable where Self.tlsFailure(status) != nil:
            self.init(.unreachable, Self.tlsFailure(status) ?? "", target: target, detail: detail)
        case .unavailable where text.contains("closed the connection before completing the HTTP/2 connection preface"):
            self.init(
                .unreachable,
                "VOLTHA accepted the connection but closed it before HTTP/2 began; check that --voltha names "
                    + "VOLTHA's gRPC port, and add --voltha-tls if that port serves TLS",
                target: target,
                detail: detail
            )
        case .unavailable:
            self.init(
                .unreachable,
                "VOLTHA unreachable; check --voltha / FERRULE_VOLTHA and that the voltha-api service is up",
                target: target,
                detail: detail
            )
        case .deadlineExceeded:
            let limit =
                deadline.map { duration in
                    let (seconds, fraction) = duration.components
                    return fraction == 0
                        ? " of \(seconds) s" : " of \(seconds * 1000 + fraction / 1_000_000_000_000_000) ms"
                } ?? ""
            self.init(.timedOut, "\(rpc) took longer than the deadline\(limit)", target: target, detail: detail)
        case .unimplemented:
            self.init(.unimplemented, "this VOLTHA does not offer \(rpc) (older core?)", target: target, detail: detail)
        case .unknown where text == "unimplemented":
            self.init(.unimplemented, "VOLTHA does not implement \(rpc)", target: target, detail: detail)
        case .invalidArgument:
            self.init(.invalidArgument, "VOLTHA rejected the arguments of \(rpc)", target: target, detail: detail)
        default:
            self.init(.server, "\(rpc) failed", target: target, detail: detail)
        }
    }

    /// What a NOT_FOUND says. voltha-go's message is usually the id it looked for
    /// (`rw_core/core/device/manager.go:211-216`), the subject's own; but `RebootDevice` of an ONU
    /// whose OLT has no agent in the core answers "device agent for parent id P for child C"
    /// (`manager_nbi.go:110-112`): the ONU exists, its OLT is what is missing.
    static func notFound(_ text: String, subject: String?) -> String {
        let prefix = "device agent for parent id "
        if text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            let parent = String(rest.prefix { !$0.isWhitespace })
            return "\(subject.map { "device \($0)" } ?? "the device"): VOLTHA has no agent for its parent OLT "
                + "\(parent.shortened(80)), so it refuses; the OLT was deleted or is not loaded in this core "
                + "(check it with \"ferrule voltha device \(parent.shortened(80))\" or \"ferrule voltha devices --olts\")"
        }
        return "no device \(subject ?? text.shortened(80))"
    }

    /// What to say when the connection failed in its TLS handshake, nil when it did not. The
    /// transport wraps the cause (a `NIOSSL` error) in the RPC error; its text names what BoringSSL
    /// refused. VOLTHA serves plain gRPC unless its chart enables TLS, so TLS towards it answers
    /// with HTTP/2 bytes (`WRONG_VERSION_NUMBER`).
    static func tlsFailure(_ status: RPCError) -> String? {
        var cause: (any Error)? = status.cause
        var depth = 0
        while let error = cause, depth < 8 {
            if String(reflecting: type(of: error)).hasPrefix("NIOSSL.") {
                return tlsAdvice(String(describing: error))
            }
            cause = (error as? RPCError)?.cause
            depth += 1
        }
        return nil
    }

    /// The advice for a TLS failure whose description is `text`.
    static func tlsAdvice(_ text: String) -> String {
        let head = "TLS handshake with VOLTHA failed"
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return "\(head): the server does not speak TLS on that port (VOLTHA serves plain gRPC by default); "
                + "drop --voltha-tls / --voltha-ca, or check that --voltha names VOLTHA's TLS port"
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "\(head): VOLTHA's certificate is not signed by a trusted CA (or has expired); give the CA "
                + "that signed it with --voltha-ca FILE (PEM)"
        }
        if text.contains("failedToValidateHostname") {
            return "\(head): VOLTHA's certificate does not name the host in --voltha (an IP address needs an IP "
                + "subjectAltName); use the name the certificate was issued for"
        }
        let reason = text.range(of: "OPENSSL_internal:").map { found in
            String(text[found.upperBound...].prefix { $0 != " " && $0 != "]" })
        }
        return "\(head) (\((reason ?? text).shortened(120))); check that VOLTHA serves TLS on that port and that "
            + "--voltha-ca holds the CA of its certificate"
    }

    /// The canonical gRPC name of a status code (`NOT_FOUND`, …).
    static func codeName(_ code: RPCError.Code) -> String {
        switch code {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "CODE_\(code.rawValue)"
        }
    }

    /// `text` with the addresses grpc-swift's transport puts in its messages (`Could not establish
    /// a connection to [ipv4]10.0.0.5:55555.`) and the configured `target` written as `VOLTHA`:
    /// where VOLTHA is (an internal address) is the caller's to show, not every message's.
    static func withoutAddresses(_ text: String, target: String) -> String {
        var out = target.isEmpty ? text : text.replacingOccurrences(of: target, with: "VOLTHA")
        for kind in ["[ipv4]", "[ipv6]", "[unix]", "[dns]"] {
            while let start = out.range(of: kind) {
                var end = start.upperBound
                while end < out.endIndex, !out[end].isWhitespace, out[end] != "\"", out[end] != "," {
                    end = out.index(after: end)
                }
                // A trailing full stop ends the sentence, not the address.
                if end > start.upperBound, out[out.index(before: end)] == "." { end = out.index(before: end) }
                out.replaceSubrange(start.lowerBound..<end, with: "VOLTHA")
            }
        }
        return out
    }
}
