import FerruleCore
import Foundation
import HTTPTypes
import NIOHTTP1
import OpenAPIRuntime

/// Turns what fails before or after a handler — a body that is not JSON, a missing field, a
/// value of the wrong type, a response that cannot be written — into the error envelope, so no
/// error leaves the API without a string `detail`.
///
/// Request problems are 422 `Request validation failed: …`, as DotMac answers them (its
/// FastAPI validation); the server's own answers (``APIError``, e.g. 413) and anything unexpected
/// go on to ``ErrorEnvelopeMiddleware`` (unexpected: 500 with a generic detail, the cause logged).
struct APIErrorMiddleware: CallMiddleware {
    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer {
        do {
            return try await call.proceed()
        } catch let error as ServerError {
            // The server's own answers (413 from the body limit while the body streams in) keep
            // their status and headers: the server's error envelope renders them.
            if let own = Self.serverAnswer(in: error) { throw own }
            let failure: APIFailure
            if Self.malformedFraming(in: error) {
                failure = .malformedFraming
            } else if let own = error.underlyingError as? APIFailure {
                failure = own
            } else if error.httpStatus.code >= 400 && error.httpStatus.code < 500
                || error.underlyingError is DecodingError
            {
                // A query value that does not convert: the runtime's error names neither the
                // parameter nor the type, so the document's declaration says which and what.
                let reason =
                    QueryParameterRules.served.failure(operationID: call.operationID, path: call.request.path)
                    ?? Self.reason(error)
                failure = .invalid("Request validation failed: \(DisplayText.line(reason))")
            } else {
                // Unexpected: the server's error envelope answers 500 with a generic detail and logs
                // the cause with the request id; no operation name or cause reaches the client.
                throw error
            }
            return try Self.render(failure)
        }
    }

    /// An ``APIError`` the server raised below the handler, however the runtime wrapped it.
    static func serverAnswer(in error: any Error) -> APIError? {
        var current: any Error = error
        for _ in 0..<8 {
            switch current {
            case let answer as APIError: return answer
            case let wrapped as ServerError: current = wrapped.underlyingError
            case let decoding as DecodingError:
                switch decoding {
                case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                    .dataCorrupted(let context):
                    guard let inner = context.underlyingError else { return nil }
                    current = inner
                @unknown default: return nil
                }
            default: return nil
            }
        }
        return nil
    }

    /// Whether reading the body failed because its HTTP/1.1 framing is broken (a chunk size that is
    /// not hex or overflows, more data than a chunk declared): the client's fault, 400, not 500.
    static func malformedFraming(in error: any Error) -> Bool {
        var current: any Error = error
        for _ in 0..<8 {
            switch current {
            case is HTTPParserError: return true
            case let wrapped as ServerError: current = wrapped.underlyingError
            default: return false
            }
        }
        return false
    }

    /// The cause in words, without the request dump `ServerError.description` carries.
    static func reason(_ error: ServerError) -> String {
        if let decoding = error.underlyingError as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, let context):
                return "field \(Self.path(context.codingPath + [key])) is required"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let at = context.codingPath.isEmpty ? "the body" : "field \(Self.path(context.codingPath))"
                return "\(at): \(context.debugDescription)"
            @unknown default:
                return String(describing: decoding)
            }
        }
        return error.causeDescription
    }

    static func path(_ keys: [any CodingKey]) -> String {
        "body." + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    static func render(_ failure: APIFailure) throws -> (HTTPResponse, HTTPBody?) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(failure.envelope)
        var response = HTTPResponse(status: .init(code: failure.status))
        response.headerFields[.contentType] = "application/json; charset=utf-8"
        return (response, HTTPBody(data))
    }
}
