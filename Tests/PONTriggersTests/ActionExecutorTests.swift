import Campaigns
import CurlHTTP
import FerruleCore
import FerruleJSON
import GenieACS
import GenieACSStandIn
import PONEvents
import PONTriggers
import Rules
import Synchronization
import Testing

/// Answers webhook requests from a script and records them; records the backoff waits instead of sleeping.
final class ScriptedWebhook: WebhookTransport, Sendable {
    private let state: Mutex<(answers: [Int], requests: [HTTPRequest], sleeps: [Duration])>

    init(_ answers: [Int]) { state = Mutex((answers, [], [])) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let status: Int = state.withLock { s in
            s.requests.append(request)
            return s.answers.isEmpty ? 200 : s.answers.removeFirst()
        }
        if status == 0 {
            throw HTTPClientError(kind: .timeout, method: request.method, url: request.url, detail: "timed out")
        }
        return HTTPResponse(url: request.url, status: status, reasonPhrase: "R", headers: [], body: [])
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    func sleep(_ d: Duration) { state.withLock { $0.sleeps.append(d) } }
}

@Suite("Executing planned actions on the in-memory GenieACS, campaigns and webhooks")
struct ActionExecutorTests {
    static let now: Int64 = 1_764_927_000_000

    static func acs() throws -> InMemoryGenieACS {
        try InMemoryGenieACS(
            scenario: Scenario(devices: 3, fixtures: [.init(.embeddedTR098)], serialPrefix: "HWTC00")
        ) { now }
    }

    static func plan(_ rules: String, serial: String = "HWTC00000001") throws -> [PlannedAction] {
        let event = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, serial: serial)
        return TriggerPlanner(rules: try RuleText.load(rules).triggerRules).plan(event).actions
    }

    static func executor(_ acs: InMemoryGenieACS, webhook: ScriptedWebhook? = nil, campaigns: CampaignEnrollment? = nil)
        -> ActionExecutor
    {
        ActionExecutor(
            acs: acs.nbi,
            webhooks: webhook,
            campaigns: campaigns,
            secrets: SecretStore(values: ["TOKEN": "s3cr3t-value"]),
            now: { Double(now) },
            sleep: { webhook?.sleep($0) }
        )
    }

    static func device(_ acs: InMemoryGenieACS, _ suffix: String) throws -> String {
        try #require(acs.deviceIDs().first { $0.hasSuffix(suffix) })
    }

    @Test("tags are added and removed on the matching CPE through the tags endpoint")
    func tags() async throws {
        let acs = try Self.acs()
        let id = try Self.device(acs, "HWTC00000001")
        try await acs.nbi.addTag("pon-down", to: id)
        let actions = try Self.plan(
            "rules:\n  - name: t\n    on: voltha.onu_activated\n    actions: [{tag: {add: [pon-active], remove: [pon-down]}}]\n"
        )
        let outcomes = await Self.executor(acs).execute(actions)
        #expect(outcomes == [.done("tag +pon-active -pon-down on \(id)")])
        let page = try await acs.nbi.query(.devices, CollectionQuery(query: .object([("_id", .string(id))])))
        #expect(page.items.first?["_tags"]?.arrayValue?.compactMap(\.stringValue) == ["pon-active"])
    }

    @Test("a provision runs once as a provisions task keyed by the action; executing it again queues no second task")
    func provisionOnce() async throws {
        let acs = try Self.acs()
        let actions = try Self.plan(
            "rules:\n  - name: p\n    on: voltha.onu_activated\n    actions:\n      - provision: {name: bind, args: [\"${event.serial}\", 3]}\n      - refresh: {paths: [Device.DeviceInfo.UpTime, Device.DeviceInfo.]}\n"
        )
        let executor = Self.executor(acs)
        let first = await executor.execute(actions)
        let second = await executor.execute(actions)
        #expect(first.count == 2 && second.count == 2)
        let tasks = try await acs.nbi.query(.tasks).items
        let names = tasks.compactMap { $0["name"]?.stringValue }.sorted()
        #expect(names == ["getParameterValues", "provisions", "refreshObject"], "\(tasks)")
        let provision = try #require(tasks.first { $0["name"]?.stringValue == "provisions" })
        #expect(provision["provisions"]?.compactText == #"[["bind","HWTC00000001",3]]"#)
        #expect(provision["uniqueKey"]?.stringValue == actions[0].key)
        #expect(provision["device"]?.stringValue == (try Self.device(acs, "HWTC00000001")))
    }

    @Test("an ONU without a CPE is skipped with the reason; nothing is done to any device")
    func unmatchedSkipped() async throws {
        let acs = try Self.acs()
        let actions = try Self.plan(
            "rules:\n  - name: t\n    on: voltha.onu_activated\n    actions: [{tag: x}, {provision: {name: p}}]\n",
            serial: "ALCL00000001"
        )
        let outcomes = await Self.executor(acs).execute(actions)
        #expect(outcomes.count == 2)
        for outcome in outcomes {
            guard case .skipped(let why) = outcome else {
                Issue.record("\(outcome)")
                continue
            }
            #expect(why.hasPrefix("no CPE matches ONU ALCL00000001"))
        }
        #expect(try await acs.nbi.query(.tasks).items.isEmpty)
    }

    @Test("a webhook retries 5xx with doubling backoff, fills the secret only into the request, never the outcome")
    func webhookRetries() async throws {
        let acs = try Self.acs()
        let hook = ScriptedWebhook([503, 0, 200])
        let actions = try Self.plan(
            """
            rules:
              - name: w
                on: voltha.onu_activated
                actions:
                  - webhook:
                      url: "https://noc.example.net/x?token=${secret:TOKEN}"
                      headers: {Authorization: "Bearer ${secret:TOKEN}"}
                      body: '{"onu": "${event.serial}"}'
                      retries: 3
                      backoff: 2
            """
        )
        let outcomes = await Self.executor(acs, webhook: hook).execute(actions)
        #expect(outcomes.count == 1)
        guard case .done(let text) = outcomes[0] else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(text.contains("after 3 attempts") && !text.contains("s3cr3t"))
        #expect(hook.sleeps == [.seconds(2), .seconds(4)])
        #expect(hook.requests.count == 3)
        #expect(hook.requests[0].url == "https://noc.example.net/x?token=s3cr3t-value")
        #expect(hook.requests[0].headers.first?.value == "Bearer s3cr3t-value")
        #expect(String(decoding: hook.requests[0].body, as: UTF8.self) == #"{"onu": "HWTC00000001"}"#)
        #expect(hook.requests[0].headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
    }

    @Test("a webhook body says its type: JSON, text, or what the rule's own Content-Type says")
    func webhookContentType() async throws {
        let acs = try Self.acs()
        for (body, headers, expected) in [
            (#"'  [1]'"#, "{}", "application/json"),
            ("'ONU ${event.serial} is up'", "{}", "text/plain; charset=utf-8"),
            (#"'{"a": 1}'"#, "{content-type: application/vnd.pagerduty+json}", "application/vnd.pagerduty+json"),
        ] {
            let hook = ScriptedWebhook([200])
            let actions = try Self.plan(
                """
                rules:
                  - name: w
                    on: voltha.onu_activated
                    actions:
                      - webhook: {url: "https://noc.example.net/x", body: \(body), headers: \(headers)}
                """
            )
            _ = await Self.executor(acs, webhook: hook).execute(actions)
            let types = hook.requests.first?.headers.filter { $0.name.lowercased() == "content-type" }.map(\.value)
            #expect(types == [expected], "\(body)")
        }
    }

    @Test(
        "a webhook answering 4xx is not retried; one that keeps failing is final after retries + 1 attempts, secret-free"
    )
    func webhookFailures() async throws {
        let acs = try Self.acs()
        let rules =
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: {url: \"https://h/${secret:TOKEN}\", retries: 1}\n"
        let rejected = ScriptedWebhook([404])
        let a = await Self.executor(acs, webhook: rejected).execute(try Self.plan(rules))
        #expect(a == [.failed("POST https://h/${secret:TOKEN} answered 404 R", retryable: false)])
        #expect(rejected.requests.count == 1)
        let down = ScriptedWebhook([0, 0])
        let b = await Self.executor(acs, webhook: down).execute(try Self.plan(rules))
        guard case .failed(let text, retryable: false) = b.first else {
            Issue.record("\(b)")
            return
        }
        #expect(
            !text.contains("s3cr3t") && text.contains("failed 2 time(s)") && text.hasSuffix("given up (retries: 1)")
        )
        #expect(down.requests.count == 2)
    }

    @Test("a transport error on a URL with a secret in the query keeps the secret out of the outcome")
    func webhookUserInfoSecret() async throws {
        let acs = try Self.acs()
        let rules =
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: "
            + "{url: \"https://h.example/x?token=${secret:TOKEN}\", retries: 0}\n"
        let down = ScriptedWebhook([0])
        let outcome = await Self.executor(acs, webhook: down).execute(try Self.plan(rules))
        guard case .failed(let text, retryable: false) = outcome.first else {
            Issue.record("\(outcome)")
            return
        }
        // The request itself carried the value; the transport's error (URL without user info) did too.
        #expect(down.requests.first?.url.contains("token=s3cr3t-value") == true)
        #expect(!text.contains("s3cr3t"), "\(text)")
        #expect(text.contains("${secret:TOKEN}"), "\(text)")
    }

    @Test("user info in a webhook URL (an outbox written before lint refused it) is never shown, only sent")
    func userInfoNeverShown() async throws {
        let acs = try Self.acs()
        let rules =
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: {url: \"https://h/x\"}\n"
        var action = try #require(try Self.plan(rules).first)
        action.step = .webhook(WebhookRequest(url: "http://noc:hunter2@h.example/x?a=b@c", retries: 0))
        #expect(action.summary == "w: webhook POST http://***@h.example/x?a=b@c")
        let down = ScriptedWebhook([0])
        let outcome = await Self.executor(acs, webhook: down).execute(action)
        #expect(down.requests.first?.url == "http://noc:hunter2@h.example/x?a=b@c")
        guard case .failed(let text, retryable: false) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(!text.contains("hunter2") && text.hasPrefix("POST http://***@h.example/x"), "\(text)")
    }

    @Test("a missing secret fails the webhook without sending it, naming the secret")
    func missingSecret() async throws {
        let acs = try Self.acs()
        let hook = ScriptedWebhook([])
        let actions = try Self.plan(
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: {url: \"https://h/${secret:OTHER}\"}\n"
        )
        let outcomes = await Self.executor(acs, webhook: hook).execute(actions)
        #expect(
            outcomes == [.failed("secret OTHER is not set (FERRULE_SECRET_OTHER or --secrets FILE)", retryable: false)]
        )
        #expect(hook.requests.isEmpty)
    }
}
