import Campaigns
import CurlHTTP
import FerruleCore
import Foundation
import GenieACS
import VOLTHA

/// A request that ends in an error: its HTTP status and the `detail` text the envelope carries.
///
/// Handlers throw it; ``FerruleAPI`` turns it into the error envelope. `detail` says what went
/// wrong and what to do next; values in it are shortened and escaped (``DisplayText``).
public struct APIFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The message, DotMac's `detail`.
    public var detail: String

    /// A failure with a status and a message.
    public init(status: Int, detail: String) {
        self.status = status
        self.detail = detail
    }

    /// `<status>: <detail>`.
    public var description: String { "\(status): \(detail)" }

    /// 401, as DotMac answers a request without credentials.
    static let notAuthenticated = APIFailure(status: 401, detail: "Not authenticated")

    /// 403 naming the one permission the route needs, printed as DotMac prints it.
    static func permissionDenied(_ permission: Permission) -> APIFailure {
        APIFailure(status: 403, detail: "Permission denied. Required: ['\(permission.rawValue)']")
    }

    /// 422 for a body that is not JSON (the document declares no other content type).
    static let notJSON = APIFailure(status: 422, detail: "Request validation failed: the body must be application/json")

    /// A body whose HTTP/1.1 framing is broken (chunk sizes, chunk lengths): nothing was read.
    static let malformedFraming = APIFailure(
        status: 400,
        detail: "The request body's HTTP framing is broken (a chunk size or length is wrong); nothing was done"
    )

    /// 404 with a message.
    static func notFound(_ detail: String) -> APIFailure { APIFailure(status: 404, detail: detail) }

    /// 422 for a request the document allows but whose values are out of range or inconsistent.
    static func invalid(_ detail: String) -> APIFailure { APIFailure(status: 422, detail: detail) }

    /// 409 for a request that conflicts with the resource's state.
    static func conflict(_ detail: String) -> APIFailure { APIFailure(status: 409, detail: detail) }

    /// 409 for a campaign id prefix that matches several campaigns: the prefix and the first
    /// matching ids (never the store's file, which is the server's business).
    static func ambiguousCampaignID(_ prefix: String, matches: [String]) -> APIFailure {
        let shown = matches.prefix(5).map { DisplayText.value($0) }.joined(separator: ", ")
        let more = matches.count > 5 ? ", …" : ""
        return .conflict(
            "Campaign id prefix \(DisplayText.value(prefix)) matches several campaigns (\(shown)\(more)); "
                + "give more of the id"
        )
    }

    /// The status and message for an error from an engine or an upstream: GenieACS and VOLTHA
    /// failures are 502 (an answer that is an error) or 504 (no answer in time), naming the upstream
    /// by the caller's tenant and saying what came back (a status, or the class of transport
    /// failure), never the URL, query or address called (they may carry credentials or internal
    /// host names; the log line has the URL without credentials or query: ``UpstreamFailureLog``);
    /// a not-found from upstream is 404 with `notFound` as the message.
    static func upstream(_ error: any Error, notFound: String? = nil, action: String) -> APIFailure {
        switch error {
        case let failure as APIFailure:
            return failure
        case let error as GenieACSError:
            if error.isNotFound, let notFound { return .notFound(notFound) }
            if error.isInvalidTask {
                // Refused before sending: the request's values make a task GenieACS cannot run.
                return .invalid("\(action): \(DisplayText.line(error.description))")
            }
            UpstreamFailureLog.genieACS(error, action: action)
            let upstream = "the GenieACS NBI of \(tenantName)"
            if let transport = error.transportError {
                return APIFailure(
                    status: transport.kind == .timeout ? 504 : 502,
                    detail: transport.kind == .responseTooLarge
                        ? "\(action): \(upstream) answered with more than Ferrule reads; ask for less (a projection, "
                            + "a smaller page)"
                        : "\(action): \(upstream) did not answer (\(UpstreamFailureLog.phrase(transport)))"
                )
            }
            let answered: String
            if let detail = error.invalidResponseDetail {
                answered = "gave an answer that is not what GenieACS sends (\(DisplayText.value(detail, limit: 240)))"
            } else if error.status == 0 {
                answered = "gave an answer that is not what GenieACS sends"
            } else {
                answered = "answered \(error.status) \(DisplayText.value(error.reasonPhrase, limit: 120))"
                    .trimmingCharacters(in: .whitespaces)
            }
            return APIFailure(status: 502, detail: "\(action): \(upstream) \(answered)")
        case let error as VolthaError:
            if error.kind == .notFound, let notFound { return .notFound(notFound) }
            let status: Int
            switch error.kind {
            case .timedOut: status = 504
            case .invalidArgument, .invalidInput: status = 422
            case .alreadyEnabled, .alreadyDisabled, .failedPrecondition: status = 409
            default: status = 502
            }
            UpstreamFailureLog.voltha(error, action: action)
            if status == 502 || status == 504 {
                let call = error.detail.isEmpty ? "" : " to \(DisplayText.value(error.detail, limit: 120))"
                return APIFailure(
                    status: status,
                    detail: "\(action): VOLTHA of \(tenantName) failed (\(error.kind.description))\(call)"
                )
            }
            return APIFailure(status: status, detail: "\(action): VOLTHA: \(DisplayText.line(error.message))")
        case let error as CampaignStoreError:
            if error.isNotFound, let notFound { return .notFound(notFound) }
            if error.isStatusConflict {
                // Another request or runner changed the campaign first: this request was not
                // applied, and may be sent again.
                return APIFailure(
                    status: 409,
                    detail: "\(action): the campaign was changed by another request at the same time; "
                        + "nothing was changed by this one: read it again and retry"
                )
            }
            return APIFailure(
                status: 500,
                detail: "\(action): the campaign store failed: \(DisplayText.line(error.description))"
            )
        case let error as CampaignError:
            return APIFailure(status: 409, detail: "\(action): \(DisplayText.line(error.description))")
        default:
            return APIFailure(status: 500, detail: "\(action): \(DisplayText.line(String(describing: error)))")
        }
    }
}

extension APIFailure {
    /// `tenant 'acme'` for the request's caller, `the tenant` when there is none.
    /// A document GenieACS gave that does not have GenieACS's shape (a fault whose `_id` is a
    /// number): 502 naming the field, as any other answer that is not GenieACS's.
    static func upstreamDocument(_ what: String, _ error: any Error) -> APIFailure {
        var field = ""
        if let decoding = error as? DecodingError {
            switch decoding {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                .dataCorrupted(let context):
                let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
                if !path.isEmpty { field = " (field \(DisplayText.value(path.joined(separator: "."))))" }
            @unknown default: break
            }
        }
        return APIFailure(
            status: 502,
            detail: "The GenieACS NBI of \(tenantName) gave a \(what) that is not what GenieACS sends\(field)"
        )
    }

    fileprivate static var tenantName: String {
        Principal.current.map { "tenant '\(DisplayText.value($0.tenant))'" } ?? "the tenant"
    }
}
