import FerruleArtifacts
import FerruleCore
import FerruleJSON
import Foundation
import Synchronization
import Testing

@testable import GenieACS

/// A deploy never lets GenieACS pair a provision's new script with a preset's old arguments.
@Suite struct DeployStagingTests {
    /// Lines collected from the checks.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        func reset() { lines.withLock { $0 = [] } }
        var all: [String] { lines.withLock { $0 } }
    }

    static let v1Body = "declare(\"PPP.Password\", null, {value: args[0]});\n"
    static let v2Body =
        "declare(\"WiFi.KeyPassphrase\", null, {value: args[0]});\ndeclare(\"PPP.Password\", null, {value: args[1]});\n"

    static func project(_ args: [String], _ body: String) throws -> ArtifactSet {
        try PlannerTests.desired([
            ("presets/cpe.json", PlannerTests.compiledPreset("cpe", args: .array(args.map { .string($0) }))),
            ("provisions/cpe.js", PlannerTests.compiledScript("cpe", body: body)),
        ])
    }

    @Test(
        "a secret argument inserted in front of another: no state GenieACS passes through pairs the new script with the old arguments"
    )
    func newScriptNeverMeetsOldArguments() async throws {
        let secrets = SecretStore(values: ["PPP": "ppp-secret", "WIFI": "wifi-secret"])
        let v1 = try Self.project(["${secret:PPP}"], Self.v1Body)
        let v2 = try Self.project(["${secret:WIFI}", "${secret:PPP}"], Self.v2Body)
        try await ContractTarget.with { target in
            let first = Planner.plan(
                desired: v1,
                live: try await LiveArtifacts.read(from: target.acs),
                secrets: secrets
            )
            _ = try await DeployLeaseTests.deployer(target.acs).deploy(
                first,
                desired: v1,
                secrets: secrets,
                prune: false,
                adopt: false
            )
            let problems = Lines()
            let writes = Lines()
            let acs = WriteHookedNBI(
                target.acs,
                afterWrite: { write in
                    let live = try await LiveArtifacts.read(from: target.acs)
                    writes.add(write)
                    for (name, preset) in live.presets {
                        for configuration in preset["configurations"]?.arrayValue ?? []
                        where configuration["type"]?.stringValue == "provision" {
                            guard let provision = configuration["name"]?.stringValue,
                                let script = live.provisions[provision]
                            else {
                                problems.add("after \(write): preset \(name) runs a missing provision")
                                continue
                            }
                            let args = configuration["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
                            let consistent =
                                (script.contains(Self.v1Body) && args == ["ppp-secret"])
                                || (script.contains(Self.v2Body) && args == ["wifi-secret", "ppp-secret"])
                            if !consistent {
                                problems.add("after \(write): preset \(name) gives \(args) to \(provision)")
                            }
                        }
                    }
                }
            )
            let plan = Planner.plan(desired: v2, live: try await LiveArtifacts.read(from: acs), secrets: secrets)
            let deployer = Deployer(acs: acs, concurrency: 1, lock: DeployLock(acs: acs, settle: .milliseconds(50)))
            let report = try await deployer.deploy(plan, desired: v2, secrets: secrets, prune: false, adopt: false)
            #expect(problems.all == [], "writes: \(writes.all)")
            #expect(
                report.steps.map { "\($0.action) \($0.kind.label) \($0.name)" } == [
                    "update provision cpe", "update preset cpe",
                ]
            )
            let live = try await LiveArtifacts.read(from: target.acs)
            #expect(live.provisions.keys.sorted() == ["cpe"], "the staged copy is gone")
            #expect(writes.all.first?.hasPrefix("PUT provision cpe~next-") == true, "\(writes.all)")
            // A deploy that changes only the script (same arguments) stages nothing.
            let v3 = try Self.project(["${secret:WIFI}", "${secret:PPP}"], Self.v2Body + "// tuned\n")
            writes.reset()
            let same = Planner.plan(desired: v3, live: try await LiveArtifacts.read(from: acs), secrets: secrets)
            _ = try await deployer.deploy(same, desired: v3, secrets: secrets, prune: false, adopt: false)
            #expect(writes.all == ["PUT provision cpe"], "\(writes.all)")
        }
    }
}
