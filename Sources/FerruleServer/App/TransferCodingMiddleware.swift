import FerruleCore
import Foundation
import HTTPTypes
public import Hummingbird

/// 501 for a request body in a transfer coding Ferrule does not decode (`gzip, chunked`,
/// `deflate, chunked` …), as RFC 9112 §6.1 asks of a server: NIO's parser undoes only the
/// chunked framing, so the route would otherwise read the still-compressed bytes as the body.
/// ``ConnectionCloser`` sees the request's HTTP/1 head, marks such a request with ``marker``
/// (dropping any marker the client sent) and closes the connection after the answer, since the
/// body was not read.
public struct TransferCodingMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let name = HTTPField.Name(UnsupportedTransferCoding.marker), let codings = request.headers[name] else {
            return try await next(request, context)
        }
        throw APIError(
            .notImplemented,
            "Transfer-Encoding \(DisplayText.value(codings, limit: 60)) is not supported; "
                + "send the body with Content-Length, or with Transfer-Encoding: chunked alone"
        )
    }
}

/// The request marking ``TransferCodingMiddleware`` acts on.
enum UnsupportedTransferCoding {
    /// The header ``ConnectionCloser`` sets to the codings it does not decode.
    static let marker = "x-ferrule-unsupported-transfer-coding"

    /// The codings of `Transfer-Encoding` values other than `chunked`, joined with `, `; nil
    /// when there are none.
    static func codings(_ values: [Substring]) -> String? {
        let codings = values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "chunked" }
        return codings.isEmpty ? nil : codings.joined(separator: ", ")
    }
}
