public import Campaigns
import CurlHTTP
public import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
public import Rules

/// Performs planned actions: on the CPE behind the ONU through GenieACS (tags, `provisions` and
/// refresh tasks), on campaigns (enroll, hold) and on webhooks (with retries and backoff).
///
/// Every device action first finds the CPE with the ``CPECorrelator``; an unmatched or ambiguous ONU
/// is ``ActionOutcome/skipped(_:)`` with the reason, never guessed. Tasks carry the action's key as
/// their GenieACS `uniqueKey`; a `provisions` task an earlier send left queued or faulted is found
/// by it and not sent again (``queuedTask(_:on:)``), but one the CPE already ran is gone from
/// GenieACS, so an action sent just before a crash and not yet recorded runs again: at least once,
/// not exactly once. Secrets are filled only into the request sent, escaped as event values are;
/// outcomes and errors never hold them.
public struct ActionExecutor: Sendable {
    public let acs: any TriggerACS
    public let correlator: CPECorrelator
    public let webhooks: (any WebhookTransport)?
    public let campaigns: CampaignEnrollment?
    public let secrets: SecretStore
    /// Milliseconds since the epoch.
    public let now: @Sendable () -> Double
    /// Waits between webhook attempts (tests pass one that records and returns).
    public let sleep: @Sendable (Duration) async throws -> Void

    public init(
        acs: any TriggerACS,
        correlation: CorrelationSettings = CorrelationSettings(),
        webhooks: (any WebhookTransport)? = nil,
        campaigns: CampaignEnrollment? = nil,
        secrets: SecretStore = SecretStore(),
        now: @escaping @Sendable () -> Double,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.acs = acs
        self.correlator = CPECorrelator(acs: acs, settings: correlation)
        self.webhooks = webhooks
        self.campaigns = campaigns
        self.secrets = secrets
        self.now = now
        self.sleep = sleep
    }

    /// Executes `actions` in order, finding each ONU's CPE once.
    public func execute(_ actions: [PlannedAction]) async -> [ActionOutcome] {
        var found: [String: Result<CorrelationResult, GenieACSUnreachable>] = [:]
        var out: [ActionOutcome] = []
        for action in actions {
            guard action.step.needsDevice else {
                out.append(await perform(action, device: nil))
                continue
            }
            guard let serial = action.onu.serial, !serial.isEmpty else {
                out.append(.skipped("the \(action.trigger.qualifiedName) event names no ONU serial"))
                continue
            }
            let result: Result<CorrelationResult, GenieACSUnreachable>
            if let known = found[serial] {
                result = known
            } else {
                do {
                    result = .success(try await correlator.correlate(serial: serial, vendor: action.onu.vendor))
                } catch {
                    result = .failure(GenieACSUnreachable(message: "\(error)"))
                }
                found[serial] = result
            }
            switch result {
            case .failure(let error):
                out.append(.failed("cannot find the CPE of \(serial): \(error.message)", retryable: true))
            case .success(.matched(let device)): out.append(await perform(action, device: device))
            case .success(let other): out.append(.skipped(other.description))
            }
        }
        return out
    }

    /// Executes one action.
    public func execute(_ action: PlannedAction) async -> ActionOutcome {
        await execute([action])[0]
    }

    private func perform(_ action: PlannedAction, device: String?) async -> ActionOutcome {
        let device = device ?? ""
        do {
            switch action.step {
            case .tag(let add, let remove):
                for tag in add { try await acs.addTag(tag, to: device) }
                for tag in remove { try await acs.removeTag(tag, from: device) }
                return .done("\(action.step.summary) on \(device)")
            case .provision(let name, let args):
                let arguments: [GenieACSTask.Argument] = try args.map { arg in
                    let text = try EventTemplate.resolve(arg.template, secrets)
                    switch arg.kind {
                    case .string: return .string(text)
                    case .number: return .number(text)
                    case .bool: return .bool(text == "true")
                    }
                }
                if let queued = try await queuedTask(action.key, on: device) {
                    let sent = "provision \(name) was sent to \(device) before (task \(queued.id))"
                    guard let fault = queued.fault else { return .done("\(sent) and is still queued; not sent again") }
                    return .failed(
                        "\(sent) and is faulted: \(fault); not sent again: retry the task in GenieACS, or delete it "
                            + "there and retry this action",
                        retryable: false
                    )
                }
                let task = TaskRequest(.provisions([(name: name, arguments: arguments)]), uniqueKey: action.key)
                guard let id = try await submit(task, device) else { return gone(device) }
                return .done("provision \(name) queued on \(device) (task \(id))")
            case .refresh(let paths):
                var ids: [String] = []
                let parameters = paths.filter { !$0.hasSuffix(".") }
                if !parameters.isEmpty {
                    let task = TaskRequest(.getParameterValues(parameters), uniqueKey: action.key)
                    guard let id = try await submit(task, device) else { return gone(device) }
                    ids.append(id)
                }
                for (n, object) in paths.filter({ $0.hasSuffix(".") }).enumerated() {
                    let task = TaskRequest(.refreshObject(object), uniqueKey: "\(action.key)-\(n)")
                    guard let id = try await submit(task, device) else { return gone(device) }
                    ids.append(id)
                }
                return .done(
                    "refresh queued on \(device) (task\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", ")))"
                )
            case .enroll(let campaign):
                guard let campaigns else { return .failed("no campaign store is configured", retryable: false) }
                let outcome = try await campaigns.enroll(device, in: campaign, now: now())
                if case .notApplicable = outcome { return .skipped("\(device) \(outcome)") }
                return .done("\(device) \(outcome)")
            case .hold(let campaign, let seconds):
                guard let campaigns else { return .failed("no campaign store is configured", retryable: false) }
                let at = now()
                let outcome = try await campaigns.hold(
                    device,
                    in: campaign,
                    until: at + Double(seconds) * 1000,
                    reason: "\(action.rule) on \(action.trigger.qualifiedName)",
                    now: at
                )
                if case .notHeld = outcome { return .skipped("\(device) \(outcome)") }
                return .done("\(device) \(outcome)")
            case .webhook(let request):
                return await webhook(request)
            }
        } catch let error as MissingSecretError {
            return .failed(error.message, retryable: false)
        } catch let error as CampaignError {
            return .failed(error.description, retryable: false)
        } catch let error as GenieACSError where error.isNotFound {
            return gone(device)
        } catch {
            return .failed("\(error)", retryable: true)
        }
    }

    /// Queues `task` and wakes the device; the task id, nil when GenieACS has no such device.
    private func submit(_ task: TaskRequest, _ device: String) async throws -> String? {
        try await acs.submit(task, to: device, connectionRequest: true, sessionStart: nil).task?.id
    }

    private func gone(_ device: String) -> ActionOutcome { .skipped("GenieACS has no device \(device) any more") }

    /// Sends the webhook, retrying transport errors, 408, 429 and 5xx with doubling backoff; when
    /// its `retries` + 1 attempts all failed, the outcome is a final (not retryable) failure.
    private func webhook(_ planned: WebhookRequest) async -> ActionOutcome {
        guard let webhooks else { return .failed("no HTTP client is configured for webhooks", retryable: false) }
        let request: HTTPRequest
        do {
            // Secrets are escaped where they land, as event values are: a token with `+`, `&`, `#`
            // or `"` reaches the receiver intact.
            var headers = try planned.headers.map {
                HTTPHeader($0.name, try EventTemplate.resolve($0.value, secrets, escaping: .header))
            }
            // In a JSON document (as the rule wrote it) a secret is JSON-escaped, as event values are.
            let body =
                try planned.body.map {
                    try EventTemplate.resolve(
                        $0,
                        secrets,
                        escaping: EventTemplate.looksLikeJSON($0) ? .jsonString : .text
                    )
                } ?? ""
            // A body says what it is unless the rule did: receivers that go by Content-Type
            // (PagerDuty, Teams, most body parsers) ignore or refuse a JSON body without it.
            if !body.isEmpty, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
                let json = EventTemplate.looksLikeJSON(body)
                headers.append(HTTPHeader("Content-Type", json ? "application/json" : "text/plain; charset=utf-8"))
            }
            request = HTTPRequest(
                method: planned.method,
                url: try EventTemplate.resolve(planned.url, secrets, escaping: .url),
                headers: headers,
                body: Array(body.utf8),
                timeout: .seconds(planned.timeoutSeconds),
                // Only the status counts and the start of the body is shown: a receiver answering
                // with megabytes (or without end) is read no further than this.
                maxResponseBytes: Self.webhookResponseLimit,
                responseOverflow: .truncate
            )
        } catch {
            return .failed("\(error)", retryable: false)
        }
        // What messages may show of the URL: the planned text, secrets as placeholders.
        let shown = "\(planned.method) \(DisplayText.value(planned.shownURL))"
        var delay = Duration.seconds(planned.backoffSeconds)
        var last = ""
        for attempt in 0...planned.retries {
            if attempt > 0 {
                do {
                    try await sleep(delay)
                } catch {
                    return .failed("\(shown): cancelled after \(attempt) attempt(s): \(last)", retryable: true)
                }
                delay *= 2
            }
            do {
                let response = try await webhooks.send(request)
                if (200..<300).contains(response.status) {
                    return .done(
                        "\(shown) answered \(response.status)\(attempt > 0 ? " after \(attempt + 1) attempts" : "")"
                    )
                }
                last = "\(response.status) \(DisplayText.value(response.reasonPhrase))"
                let excerpt = Self.excerpt(response, request: request, planned: planned, secrets: secrets)
                if !excerpt.isEmpty { last += ": \(excerpt)" }
                guard response.status == 408 || response.status == 429 || response.status >= 500 else {
                    return .failed("\(shown) answered \(last)", retryable: false)
                }
            } catch {
                last = Self.redacted("\(error)", request: request, planned: planned, secrets: secrets)
            }
        }
        // Its attempts (`retries` + 1) are used up: the action is settled failed so the outbox
        // moves on; a receiver that stays down must not hold back every later action.
        return .failed(
            "\(shown) failed \(planned.retries + 1) time(s), last: \(last); given up (retries: \(planned.retries))",
            retryable: false
        )
    }

    /// The most of a webhook receiver's answer that is read (64 KiB); the rest is not.
    static let webhookResponseLimit = 64 << 10
    /// The most characters of a receiver's answer an outcome shows.
    static let excerptLimit = 200

    /// The start of a receiver's answer for an outcome: secrets the request carried replaced by
    /// their placeholders (in the whole answer read, so none is shown in part), control characters
    /// escaped, cut at ``excerptLimit`` characters with the size after `…`; empty for an empty body.
    static func excerpt(
        _ response: HTTPResponse,
        request: HTTPRequest,
        planned: WebhookRequest,
        secrets: SecretStore
    ) -> String {
        var text = response.text
        while let last = text.last, last.isWhitespace { text.removeLast() }
        guard !text.isEmpty else { return "" }
        let shown = redacted(text, request: request, planned: planned, secrets: secrets, limit: excerptLimit)
        guard response.isTruncated else { return shown }
        return shown + ", more than \(webhookResponseLimit >> 10) KiB in all: the rest was not read"
    }

    /// An error text with the resolved URL replaced by the planned one, and every secret value the
    /// request carries replaced by its placeholder: the transport's error names the URL without its
    /// user info (`HTTPClientError.url`), so only the values themselves can be looked for.
    static func redacted(
        _ text: String,
        request: HTTPRequest,
        planned: WebhookRequest,
        secrets: SecretStore,
        limit: Int = DisplayText.valueLimit
    ) -> String {
        var text = text.replacingOccurrences(of: request.url, with: planned.shownURL)
        let templates = [planned.url] + planned.headers.map(\.value) + (planned.body.map { [$0] } ?? [])
        // Each value as the request carried it too (escaped in the URL, a header or a JSON body).
        let forms = EventTemplate.secretValues(in: templates, secrets).flatMap { name, value in
            Set(
                [EventTemplate.Escaping.text, .url, .header, .jsonString].map { EventTemplate.escapeSecret(value, $0) }
            ).map { (name, $0) }
        }
        // Longest first, so a secret that contains another is replaced whole.
        for (name, value) in forms.sorted(by: { $0.1.count > $1.1.count }) where text.contains(value) {
            text = text.replacingOccurrences(of: value, with: "${secret:\(name)}")
        }
        return DisplayText.value(text, limit: limit)
    }
}

/// GenieACS could not be asked.
struct GenieACSUnreachable: Error, Sendable {
    var message: String
}
