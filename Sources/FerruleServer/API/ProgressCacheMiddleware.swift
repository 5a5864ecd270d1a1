import Campaigns
import FerruleJSON
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
struct ProgressCacheMiddleware: CallMiddleware {
    let handler: APIHandler
    let cache: ProgressResponseCache
    /// Each schedule's row and last `schedule` object, for answers made afresh.
    let jobs = ScheduleJobCache()
    /// The generated server's converter (the same configuration), for the path parameter, the
    /// `Accept` check and the `schedule` object.
    private let converter = Converter(configuration: FerruleAPI.configuration)

    init(handler: APIHandler, cache: ProgressResponseCache) {
        self.handler = handler
        self.cache = cache
    }

    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer {
        guard call.operationID == Operations.GetFirmwareSchedule.id,
            let id = call.metadata.pathParameters["schedule_id"],
            let caller = try? await handler.caller(.cpeRead),
            let changes = try? handler.stores.changes(for: caller.tenant),
            let versions = changes.versions()
        else { return try await call.proceed() }
        let key = [caller.tenant, String(id), call.request.headerFields[.accept] ?? ""].joined(separator: "\u{0}")
        let now = handler.options.clock.now()
        if let kept = cache.entry(key, versions: versions, now: now) {
            return (kept.response, HTTPBody(kept.body))
        }
        let note = ProgressAnswerNote()
        let (response, answer) = try await ProgressAnswerNote.$current.withValue(note) {
            if let made = await fresh(call, caller: caller, jobsVersion: versions.jobs) {
                return made
            }
            return try await call.proceed()
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
    /// The schedule's row is read again only when `api-jobs.sqlite` changed since `jobsVersion`
    /// was read (before anything else of this request), and the `schedule` object is encoded
    /// again only when it differs from the last one written (``ScheduleJobCache``); the campaign
    /// is read afresh every time.
    private func fresh(
        _ call: MiddlewareCall,
        caller: APIHandler.Caller,
        jobsVersion: Int64
    ) async -> (HTTPResponse, HTTPBody?)? {
        do {
            try converter.validateAcceptIfPresent("application/json", in: call.request.headerFields)
            let id = try converter.getPathParameterAsURI(
                in: call.metadata.pathParameters,
                name: "schedule_id",
                as: String.self
            )
            let key = caller.tenant + "\u{0}" + id
            var entry: ScheduleJobCache.Entry
            if let kept = jobs.entry(key, version: jobsVersion) {
                entry = kept
            } else {
                let job = try await APIHandler.requireJob(
                    id,
                    kind: "firmware",
                    tenant: caller.tenant,
                    stores: handler.stores
                )
                entry = .init(version: jobsVersion, job: job, request: try JSONValue.parse(job.request), written: nil)
            }
            // The results are written from the targets' rows, not made as generated types first.
            let (answer, targets) = try await handler.scheduleProgress(
                entry.job,
                request: entry.request,
                store: try handler.stores.campaigns(for: caller.tenant)
            )
            var response = HTTPResponse(status: .ok)
            let scheduleBytes: [UInt8]
            if let written = entry.written, written.schedule == answer.schedule {
                response.headerFields = written.fields
                scheduleBytes = written.bytes
            } else {
                let schedule = try converter.setResponseBodyAsJSON(
                    answer.schedule,
                    headerFields: &response.headerFields,
                    contentType: "application/json; charset=utf-8"
                )
                scheduleBytes = try await [UInt8](collecting: schedule, upTo: cache.byteBudget)
                entry.written = (answer.schedule, scheduleBytes, response.headerFields)
            }
            jobs.store(key, entry)
            guard let bytes = ScheduleAnswerJSON.bytes(answer, results: targets, schedule: scheduleBytes) else {
                return nil
            }
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
