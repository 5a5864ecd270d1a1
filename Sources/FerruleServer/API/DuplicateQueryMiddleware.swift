import FerruleCore
import HTTPTypes
import OpenAPIRuntime

/// Refuses a request that gives one of its operation's query parameters more than once
/// (`?limit=5&limit=7`) with 422 naming it: the generated server would keep the first value
/// silently, as a JSON body's repeated key is refused (``DuplicateKeyMiddleware``). Every query
/// parameter the API document declares is a scalar. Runs after ``AuthorizationMiddleware``.
struct DuplicateQueryMiddleware: CallMiddleware {
    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer {
        let declared = QueryParameterRules.served.names(of: call.operationID)
        if let name = Self.repeated(in: call.request.path, declared: declared) {
            return try APIErrorMiddleware.render(
                .invalid(
                    "Request validation failed: the query parameter '\(DisplayText.value(name))' is given more than "
                        + "once; give it once"
                )
            )
        }
        return try await call.proceed()
    }

    /// The first of `declared` that `path`'s query names twice (after percent-decoding); nil if none.
    static func repeated(in path: String?, declared: Set<String>) -> String? {
        guard !declared.isEmpty, let path, let query = path.split(separator: "?", maxSplits: 1).dropFirst().first
        else { return nil }
        var seen: Set<String> = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let raw = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let name = QueryParameterRules.decoded(raw)
            guard declared.contains(name) else { continue }
            if !seen.insert(name).inserted { return name }
        }
        return nil
    }
}
