import HTTPTypes
import Hummingbird

/// 405 with `Allow` for a method the router has no responder for at all (PROPFIND, PURGE, MKCOL …)
/// on a path the document declares: Hummingbird's router answers those with its not-found
/// responder, so without this they were 404 as if the path did not exist. The methods
/// ``DeclaredMethods/candidates`` names already have their own 405 responders; this covers the
/// rest. A path the document does not declare stays 404.
///
/// Added to the router after the API's routes, it wraps only the not-found responder (Hummingbird
/// builds each route's responder with the middleware present when the route was added), so
/// matched requests never pass through it.
struct UndeclaredMethodMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each declared path as its segments (`{name}` matches any one segment) and its methods.
    let paths: [(segments: [Substring], methods: [HTTPRequest.Method])]

    init(paths: [(path: String, methods: [HTTPRequest.Method])]) {
        self.paths = paths.map { (Self.segments($0.path), $0.methods) }
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = allowed(request.uri.path) else { throw error }
            throw APIError.methodNotAllowed(allowed: methods)
        }
    }

    /// The methods of the declared path `path` matches, preferring the one with the most literal
    /// segments (`/devices/stats/summary` over `/devices/{device_id}/status`); nil when none does.
    func allowed(_ path: String) -> [HTTPRequest.Method]? {
        let given = Self.segments(path)
        var best: (literals: Int, methods: [HTTPRequest.Method])?
        for (segments, methods) in paths where segments.count == given.count {
            var literals = 0
            var matches = true
            for (declared, actual) in zip(segments, given) {
                if declared.first == "{" && declared.last == "}" {
                    if actual.isEmpty { matches = false }
                } else if declared == actual {
                    literals += 1
                } else {
                    matches = false
                }
                if !matches { break }
            }
            if matches, literals > best?.literals ?? -1 { best = (literals, methods) }
        }
        return best?.methods
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false)
    }
}
