import FerruleCore
import HTTPTypes
import NIOHTTP1
import OpenAPIRuntime

/// Refuses a JSON request body that repeats a key in one object (``DuplicateKeyScanner``) with
/// 422 naming the key and the object's path, before the generated server decodes it (its decoder
/// would keep one of the two values silently). Runs after ``AuthorizationMiddleware``. A number
/// the decoder cannot put in its integer field is 422 naming the field (``IntegerFieldCheck``).
struct DuplicateKeyMiddleware: CallMiddleware {
    /// The most read here; the server's body limit (`max_body_bytes`, ``BodyLimitMiddleware``)
    /// ends the stream long before.
    static let readLimit = 256 << 20

    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer {
        guard let body = call.body, call.request.headerFields[.contentType]?.lowercased().contains("json") == true
        else { return try await call.proceed() }
        let bytes: [UInt8]
        do {
            bytes = try await [UInt8](collecting: body, upTo: Self.readLimit)
        } catch let error where APIErrorMiddleware.malformedFraming(in: error) {
            return try APIErrorMiddleware.render(.malformedFraming)
        }
        if let duplicate = DuplicateKeyScanner.firstDuplicate(in: bytes) {
            return try APIErrorMiddleware.render(
                .invalid(
                    "Request validation failed: \(duplicate.path) has the key '\(DisplayText.value(duplicate.key))' "
                        + "more than once; send each key once"
                )
            )
        }
        do {
            return try await call.proceed(body: HTTPBody(bytes))
        } catch let error as ServerError where Self.isPathlessDecodingFailure(error) {
            // Valid JSON the decoder called invalid: a number its integer field cannot hold.
            guard let reason = IntegerFieldCheck.served.failure(operationID: call.operationID, body: bytes) else {
                throw error
            }
            return try APIErrorMiddleware.render(.invalid("Request validation failed: \(DisplayText.line(reason))"))
        }
    }

    /// Whether `error` is the decoder's "not valid JSON" without a field (see ``IntegerFieldCheck``).
    static func isPathlessDecodingFailure(_ error: ServerError) -> Bool {
        guard case .dataCorrupted(let context) = error.underlyingError as? DecodingError else { return false }
        return context.codingPath.isEmpty
    }
}
