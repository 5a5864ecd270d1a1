import Campaigns
import HTTPTypes
import OpenAPIRuntime

/// Answers a schedule progress GET (`/genieacs/firmware-upgrades/schedules/{schedule_id}`) with
/// the bytes of the previous answer while nothing was committed to the tenant's stores since
/// (``ProgressResponseCache``): DotMac clients poll this route, and a schedule waiting for its
/// start, paused or finished is read and encoded again for every poll otherwise.
///
/// The caller is checked exactly as the handler checks it (principal, permission, tenant) before
/// an answer is reused: a caller the handler would refuse goes on to the handler, which refuses
/// it. An answer is kept only when it is a 200 the handler said how long holds
/// (``ProgressAnswerNote``), under the tenant, the raw path parameter and the `Accept` header, the
/// only inputs of the operation besides the stores and the clock.
struct ProgressCacheMiddleware: ServerMiddleware {
    let handler: APIHandler
    let cache: ProgressResponseCache

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        metadata: ServerRequestMetadata,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard operationID == Operations.GetFirmwareSchedule.id,
            let id = metadata.pathParameters["schedule_id"],
            let caller = try? await handler.caller(.cpeRead),
            let changes = try? handler.stores.changes(for: caller.tenant),
            let versions = changes.versions()
        else { return try await next(request, body, metadata) }
        let key = [caller.tenant, String(id), request.headerFields[.accept] ?? ""].joined(separator: "\u{0}")
        let now = handler.options.clock.now()
        if let kept = cache.entry(key, versions: versions, now: now) {
            return (kept.response, HTTPBody(kept.body))
        }
        let note = ProgressAnswerNote()
        let (response, answer) = try await ProgressAnswerNote.$current.withValue(note) {
            try await next(request, body, metadata)
        }
        guard response.status == .ok, let validUntil = note.validUntil, let answer,
            case .known(let length) = answer.length, length <= cache.byteBudget
        else { return (response, answer) }
        let bytes = try await [UInt8](collecting: answer, upTo: cache.byteBudget)
        cache.store(
            key,
            .init(versions: versions, madeAt: now, validUntil: validUntil, response: response, body: bytes)
        )
        return (response, HTTPBody(bytes))
    }
}
