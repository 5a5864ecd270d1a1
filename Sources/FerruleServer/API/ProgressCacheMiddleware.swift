import Campaigns
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime

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
///
/// An answer made afresh is written by ``ScheduleAnswerJSON`` (the generated server's
/// `JSONEncoder` pass over every result was the largest cost); whatever that path does not
/// answer with a 200 (an `Accept` the route cannot meet, an unknown schedule, a store error)
/// goes on to the generated server, which answers it as before.
struct ProgressCacheMiddleware: ServerMiddleware {
    let handler: APIHandler
    let cache: ProgressResponseCache
    /// The generated server's converter (the same configuration), for the path parameter, the
    /// `Accept` check and the `schedule` object.
    private let converter = Converter(configuration: FerruleAPI.configuration)

    init(handler: APIHandler, cache: ProgressResponseCache) {
        self.handler = handler
        self.cache = cache
    }

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
            if let made = await fresh(request, metadata: metadata, caller: caller) { return made }
            return try await next(request, body, metadata)
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

    /// The 200 answer made here, as the generated server would write it; nil for anything else.
    private func fresh(
        _ request: HTTPRequest,
        metadata: ServerRequestMetadata,
        caller: APIHandler.Caller
    ) async -> (HTTPResponse, HTTPBody?)? {
        do {
            try converter.validateAcceptIfPresent("application/json", in: request.headerFields)
            let id = try converter.getPathParameterAsURI(
                in: metadata.pathParameters,
                name: "schedule_id",
                as: String.self
            )
            let answer = try await handler.scheduleAnswer(id, caller: caller)
            var response = HTTPResponse(status: .ok)
            let schedule = try converter.setResponseBodyAsJSON(
                answer.schedule,
                headerFields: &response.headerFields,
                contentType: "application/json; charset=utf-8"
            )
            let scheduleBytes = try await [UInt8](collecting: schedule, upTo: cache.byteBudget)
            guard let bytes = ScheduleAnswerJSON.bytes(answer, schedule: scheduleBytes) else { return nil }
            // The converter set the `schedule` object's length: the answer's is what is sent.
            if response.headerFields[.contentLength] != nil {
                response.headerFields[.contentLength] = String(bytes.count)
            }
            return (response, HTTPBody(bytes))
        } catch {
            return nil
        }
    }
}
