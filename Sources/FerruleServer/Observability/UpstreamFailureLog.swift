import CurlHTTP
import FerruleCore
import Foundation
import GenieACS
import Logging
import VOLTHA

/// The log line of an upstream failure a client gets as a 502 or 504 (``APIFailure/upstream(_:notFound:action:)``):
/// the client's `detail` names the upstream by tenant only; the operator's log says which call
/// failed, with the URL stripped of credentials (the client already strips them) and of its query.
enum UpstreamFailureLog {
    /// Logs a GenieACS NBI failure with the request id.
    static func genieACS(_ error: GenieACSError, action: String) {
        var metadata: Logger.Metadata = [
            "request_id": .string(RequestTrace.current?.requestID ?? ""),
            "upstream": "genieacs",
            "action": .string(action),
            "method": .string(error.method),
            "url": .string(withoutQuery(error.url)),
        ]
        if let tenant = Principal.current?.tenant { metadata["tenant"] = .string(DisplayText.value(tenant)) }
        if let transport = error.transportError {
            metadata["error"] = .string(transport.kind.rawValue)
        } else {
            metadata["status"] = .string(String(error.status))
        }
        if let detail = error.invalidResponseDetail {
            metadata["cause"] = .string(DisplayText.value(detail, limit: 240))
        }
        Logger(label: "ferrule.serve").warning("upstream call failed", metadata: metadata)
    }

    /// Logs a VOLTHA failure with the request id.
    static func voltha(_ error: VolthaError, action: String) {
        var metadata: Logger.Metadata = [
            "request_id": .string(RequestTrace.current?.requestID ?? ""),
            "upstream": "voltha",
            "action": .string(action),
            "error": .string(error.kind.description),
            "target": .string(withoutQuery(error.target)),
            "call": .string(DisplayText.value(error.detail, limit: 200)),
        ]
        if let tenant = Principal.current?.tenant { metadata["tenant"] = .string(DisplayText.value(tenant)) }
        Logger(label: "ferrule.serve").warning("upstream call failed", metadata: metadata)
    }

    /// A transport failure's class in words, without the URL or host its description and
    /// libcurl's text carry; a timeout says after how long libcurl gave up, taken on its transfer
    /// thread (`timed out after 1001 ms`).
    static func phrase(_ error: HTTPClientError) -> String {
        if error.kind == .timeout, let range = error.detail.range(of: "timed out after ") {
            let digits = error.detail[range.upperBound...].prefix { $0.isNumber }
            if !digits.isEmpty, digits.count < 10 { return "timed out after \(digits) ms" }
        }
        return switch error.kind {
        case .resolve: "its host name does not resolve"
        case .connect: "connection failed"
        case .timeout: "timed out"
        case .connectionDropped: "the connection closed without an answer"
        case .tls: "TLS failed"
        case .cancelled: "cancelled"
        case .invalidRequest: "the request could not be sent"
        case .responseTooLarge: "its answer was larger than Ferrule accepts"
        case .other: "transfer failed"
        }
    }

    /// `url` without its query and fragment, its user info removed, escaped and shortened.
    static func withoutQuery(_ url: String) -> String {
        let bare = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let cut = bare.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        return DisplayText.value(withoutUserInfo(cut), limit: 300)
    }

    /// `scheme://user:password@host/…` as `scheme://host/…`.
    static func withoutUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authorityEnd = url[scheme.upperBound...].firstIndex(of: "/") ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }
}
