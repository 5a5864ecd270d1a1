import CurlHTTP
import FerruleArtifacts
import FerruleCore
import FerruleJSON
import Foundation
import Testing

@testable import GenieACS

/// A deploy's errors quote what GenieACS (or a proxy in front of it) answered: never a secret.
@Suite struct DeployErrorSecretsTests {
    /// The stand-in behind a proxy that answers a preset PUT with 500 and the request body, as a
    /// WAF's error page may; with `reason` it puts the body in the reason phrase too.
    struct EchoingProxy: NBITransport {
        let base: HTTPClient
        var padding = ""

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == "PUT", request.url.contains("/presets/") else {
                return try await base.send(request)
            }
            let echoed = Array(padding.utf8) + request.body
            return HTTPResponse(
                url: request.url,
                status: 500,
                reasonPhrase: "Blocked " + String(decoding: request.body, as: UTF8.self),
                headers: [],
                body: Array("Request rejected:\r\n\u{1B}[2J".utf8) + echoed
            )
        }
    }

    static func desired() throws -> ArtifactSet {
        try PlannerTests.desired([
            (
                "presets/wifi.json",
                PlannerTests.compiledPreset("wifi", args: .array([.string("${secret:WIFI_PSK}")]))
            ),
            ("provisions/wifi.js", PlannerTests.compiledScript("wifi")),
        ])
    }

    /// The description of the error a deploy through `proxy` ends with.
    static func failure(_ secrets: SecretStore, padding: String = "") async throws -> String {
        var text = ""
        try await ContractTarget.with { target in
            let acs = try NBIClient(
                baseURL: target.acs.baseURL,
                http: EchoingProxy(base: target.http, padding: padding)
            )
            let desired = try desired()
            let plan = Planner.plan(
                desired: desired,
                live: try await LiveArtifacts.read(from: acs, secrets: secrets),
                secrets: secrets
            )
            let deployer = Deployer(acs: acs, lock: DeployLock(acs: acs, settle: .milliseconds(50)))
            let error = await #expect(throws: GenieACSError.self) {
                _ = try await deployer.deploy(plan, desired: desired, secrets: secrets, prune: false, adopt: false)
            }
            text = error?.description ?? ""
        }
        return text
    }

    @Test("a proxy that echoes the preset deploy sent: the error shows the body without the secret, escaped")
    func echoedBodyWithheld() async throws {
        let secret = "TopSecret\"Value42"
        let text = try await Self.failure(SecretStore(values: ["WIFI_PSK": secret]))
        #expect(text.contains("500"), "\(text)")
        #expect(text.contains("Request rejected:\\r\\n\\u{1B}[2J"), "control characters escaped: \(text)")
        #expect(text.contains("${secret:WIFI_PSK}"), "the value is named, not shown: \(text)")
        #expect(!text.contains("TopSecret"), "\(text)")
        #expect(!text.contains("Value42"), "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "\(text.debugDescription)")
    }

    @Test("a secret cut where the error's body is cut leaves no start of it behind")
    func cutSecretMasked() async throws {
        let secret = "ZQXW-" + String(repeating: "k", count: 40)
        // Padding in front of the echoed preset moves the secret across the body's limit.
        for padding in stride(from: 0, through: 480, by: 24) {
            let text = try await Self.failure(
                SecretStore(values: ["WIFI_PSK": secret]),
                padding: String(repeating: ".", count: padding)
            )
            #expect(!text.contains("ZQXW"), "padding \(padding): \(text)")
            if padding == 480 { #expect(text.contains("more characters]"), "the cut is said: \(text)") }
        }
    }

    @Test("withholding replaces every known value in the body and the reason phrase, JSON-escaped ones too")
    func withholdingUnit() {
        let response = HTTPResponse(
            url: "http://acs/presets/x",
            status: 500,
            reasonPhrase: "no a\"b",
            headers: [],
            body: Array(#"{"args":["a\"b"]} and a"b and old-value"#.utf8)
        )
        let error = GenieACSError.status(response, method: "PUT").withholding([
            (value: "a\"b", shown: "${secret:X}"), (value: "old-value", shown: SecretTemplates.mask),
        ])
        #expect(error.body == #"{"args":["${secret:X}"]} and ${secret:X} and ••••••"#)
        #expect(error.reasonPhrase == "no ${secret:X}")
    }

    @Test(
        "an answer quoting the body HTML-escaped or URL-encoded is withheld whole (review 42: a WAF's error page)",
        arguments: [
            #"<pre>{&quot;args&quot;:[&quot;p&amp;ss&lt;w&gt;rd\&quot;q&quot;]}</pre>"#,
            "<p>p&#38;ss&#x3C;w&#62;rd&#34;q</p>", "body=%7B%22args%22%3A%5B%22p%26ss%3Cw%3Erd%5C%22q%22%5D%7D",
            "args=p%26ss%3cw%3erd%22q", "q=p%26ss%3Cw%3Erd%22q+more", "&lt;p%26ss%3Cw%3Erd%22q&gt;",
        ]
    )
    func withholdingEncoded(_ echoed: String) {
        let response = HTTPResponse(
            url: "http://acs/presets/x",
            status: 403,
            reasonPhrase: "Forbidden",
            headers: [],
            body: Array("Request blocked: \(echoed)".utf8)
        )
        let error = GenieACSError.status(response, method: "PUT").withholding([
            (value: "p&ss<w>rd\"q", shown: "${secret:PPPOE}")
        ])
        #expect(error.body == "[the answer is withheld: it holds a secret value HTML- or URL-encoded]", "\(error.body)")
        #expect(error.reasonPhrase == "Forbidden")
        // Encoded text without a secret is shown as it came.
        let plain = GenieACSError.status(response, method: "PUT").withholding([(value: "other", shown: "x")])
        #expect(plain.body == "Request blocked: \(echoed)")
    }
}
