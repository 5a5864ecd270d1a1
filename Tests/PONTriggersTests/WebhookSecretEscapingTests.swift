import CurlHTTP
import FerruleCore
import FerruleJSON
import GenieACSStandIn
import PONTriggers
import Rules
import Testing

/// Secrets are escaped where they land, as event values are: a generated token with `+`, `&`, `#`,
/// `=` or `"` reaches the receiver intact in a URL query, a header and a JSON body.
@Suite("Secrets escaped in webhook requests")
struct WebhookSecretEscapingTests {
    static let secret = #"Ab+c/d=&x#y"z"#

    @Test("percent-encoded in the URL (its / kept), JSON-escaped in a JSON body, line breaks dropped in a header")
    func escaped() async throws {
        let acs = try ActionExecutorTests.acs()
        let hook = ScriptedWebhook([])
        let actions = try ActionExecutorTests.plan(
            """
            rules:
              - name: w
                on: voltha.onu_activated
                actions:
                  - webhook:
                      url: "https://noc.example.net/hooks/${secret:PATH}/onu?token=${secret:TOK}&serial=${event.serial}"
                      headers: {X-Key: "k ${secret:TOK} ${secret:LINES}"}
                      body: '{"key": "${secret:TOK}", "serial": "${event.serial}"}'
                      retries: 0
            """
        )
        let executor = ActionExecutor(
            acs: acs.nbi,
            webhooks: hook,
            secrets: SecretStore(values: ["TOK": Self.secret, "PATH": "T000/B000/XX X", "LINES": "a\r\nb"]),
            now: { 0 }
        )
        let outcomes = await executor.execute(actions)
        #expect(outcomes.count == 1)
        let request = try #require(hook.requests.first)
        #expect(
            request.url
                == "https://noc.example.net/hooks/T000/B000/XX%20X/onu?token=Ab%2Bc/d%3D%26x%23y%22z&serial=HWTC00000001"
        )
        let body = try JSONValue.parse(String(decoding: request.body, as: UTF8.self))
        #expect(body["key"]?.stringValue == Self.secret)
        #expect(body["serial"]?.stringValue == "HWTC00000001")
        #expect(request.headers.first { $0.name == "X-Key" }?.value == "k \(Self.secret) ab")
        guard case .done(let text) = outcomes[0] else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(!text.contains("Ab%2Bc") && !text.contains("Ab+c"), "\(text)")
    }

    @Test("an answer echoing the escaped secret shows the placeholder")
    func echoRedacted() async throws {
        let acs = try ActionExecutorTests.acs()
        let echo = EchoingWebhook()
        let actions = try ActionExecutorTests.plan(
            "rules:\n  - name: w\n    on: voltha.onu_activated\n    actions:\n      - webhook: "
                + "{url: \"https://h.example/x?token=${secret:TOK}\", retries: 0}\n"
        )
        let executor = ActionExecutor(
            acs: acs.nbi,
            webhooks: echo,
            secrets: SecretStore(values: ["TOK": Self.secret]),
            now: { 0 }
        )
        guard case .failed(let text, retryable: false) = await executor.execute(actions)[0] else {
            Issue.record("not failed")
            return
        }
        #expect(!text.contains("Ab%2Bc") && !text.contains("Ab+c"), "\(text)")
        #expect(text.contains("${secret:TOK}"), "\(text)")
    }
}

/// Answers 400 with the request's URL as the body.
struct EchoingWebhook: WebhookTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(
            url: request.url,
            status: 400,
            reasonPhrase: "Bad Request",
            headers: [],
            body: Array("bad token in \(request.url.split(separator: "?").last ?? "")".utf8)
        )
    }
}
