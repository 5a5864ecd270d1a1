import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Testing

/// One deploy at a time: the lease kept in GenieACS's `objects`, against the stand-in over HTTP.
@Suite struct DeployLeaseTests {
    static func desired() throws -> ArtifactSet {
        try PlannerTests.desired([
            ("presets/a.json", PlannerTests.compiledPreset("a")),
            ("provisions/a.js", PlannerTests.compiledScript("a")),
        ])
    }

    static func deployer(_ acs: NBIClient) -> Deployer {
        Deployer(acs: acs, lock: DeployLock(acs: acs, settle: .milliseconds(200)))
    }

    /// The desired artifacts and their plan against `acs` as it is now.
    static func planned(_ acs: NBIClient) async throws -> (ArtifactSet, Plan) {
        let desired = try desired()
        return (desired, Planner.plan(desired: desired, live: try await LiveArtifacts.read(from: acs), secrets: nil))
    }

    /// One deploy of `desired` by `plan`, without pruning or adopting.
    static func deploy(_ acs: NBIClient, _ plan: Plan, _ desired: ArtifactSet) async throws -> Deployer.Report {
        try await deployer(acs).deploy(plan, desired: desired, secrets: SecretStore(), prune: false, adopt: false)
    }

    /// One ``deploy(_:_:_:)``, its outcome kept.
    static func attempt(_ acs: NBIClient, _ plan: Plan, _ desired: ArtifactSet) async -> Result<
        Deployer.Report, any Error
    > {
        do {
            return .success(try await deploy(acs, plan, desired))
        } catch {
            return .failure(error)
        }
    }

    @Test("Two deploys at once: exactly one writes, the other refuses naming the holder; the lease is gone after")
    func concurrentDeploys() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await Self.planned(target.acs)
            async let first = Self.attempt(target.acs, plan, desired)
            async let second = Self.attempt(target.acs, plan, desired)
            let results = await [first, second]
            let succeeded = results.filter { if case .success = $0 { true } else { false } }
            let refused = results.compactMap { result -> DeployLeaseError? in
                if case .failure(let error) = result { return error as? DeployLeaseError }
                return nil
            }
            #expect(succeeded.count == 1, "\(results)")
            #expect(refused.count == 1, "\(results)")
            #expect(refused.first?.description.contains("another deploy holds \(target.acs.baseURL): pid ") == true)
            #expect(try await DeployLock(acs: target.acs).current() == nil, "released at the end")
            #expect(try await target.acs.presets().count == 1)
        }
    }

    @Test("A live lease refuses a deploy and nothing is written; an expired one (its holder died) is taken over")
    func liveAndExpiredLease() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await Self.planned(target.acs)
            let now = Date().timeIntervalSince1970 * 1000
            let live = DeployLease(
                token: "t-live",
                holder: "pid 4242 on host noc-2",
                acquiredAt: now - 60_000,
                expiresAt: now + 600_000
            )
            try await target.acs.putObject(DeployLease.objectName, live.document)
            let error = await #expect(throws: DeployLeaseError.self) {
                _ = try await Self.deploy(target.acs, plan, desired)
            }
            #expect(error?.description.contains("pid 4242 on host noc-2") == true)
            #expect(try await target.acs.presets().isEmpty)
            #expect(try await target.acs.provisions().isEmpty)
            #expect(try await DeployLock(acs: target.acs).current()?.token == "t-live", "another's lease is left alone")

            let dead = DeployLease(
                token: "t-dead",
                holder: "pid 4242 on host noc-2",
                acquiredAt: now - 900_000,
                expiresAt: now - 1
            )
            try await target.acs.putObject(DeployLease.objectName, dead.document)
            let report = try await Self.deploy(target.acs, plan, desired)
            #expect(report.steps.count == 2)
            #expect(try await DeployLock(acs: target.acs).current() == nil)
        }
    }

    @Test(
        "A live lease whose holder exited on this host (same PID namespace and boot) is taken over; in another namespace it holds"
    )
    func deadHolderOnThisHost() async throws {
        let space = try #require(ProcessSpace.current)
        // A process that has exited: its pid is free (a reuse within the test is not a concern).
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let pid = Int(child.processIdentifier)
        let host = ProcessInfo.processInfo.hostName
        try await ContractTarget.with { target in
            let (desired, plan) = try await Self.planned(target.acs)
            let now = Date().timeIntervalSince1970 * 1000
            func lease(_ space: String) -> DeployLease {
                DeployLease(
                    token: "t-\(space.prefix(6))",
                    holder: "pid \(pid) on host \(host)",
                    acquiredAt: now - 60_000,
                    expiresAt: now + 600_000,
                    process: (pid, host, space)
                )
            }
            // Written and read back: the process fields survive the round trip through GenieACS.
            try await target.acs.putObject(DeployLease.objectName, lease("pidns:0:0,boot:other").document)
            #expect(try await DeployLock(acs: target.acs).current()?.process?.pid == pid)
            await #expect(throws: DeployLeaseError.self, "another PID namespace: its pid says nothing here") {
                _ = try await Self.deploy(target.acs, plan, desired)
            }
            try await target.acs.putObject(DeployLease.objectName, lease(space).document)
            let report = try await Self.deploy(target.acs, plan, desired)
            #expect(report.steps.count == 2, "the dead holder's lease was taken over")
            #expect(try await DeployLock(acs: target.acs).current() == nil)
        }
    }

    @Test("GenieACS changed between plan and deploy (another deploy ran): nothing is written")
    func planChangedUnderLease() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await Self.planned(target.acs)
            try await target.acs.putProvision("a", script: "// edited by hand\n")
            let error = await #expect(throws: DeployError.self) {
                _ = try await Self.deploy(target.acs, plan, desired)
            }
            #expect(error?.description.contains("GenieACS changed since the plan was made") == true)
            #expect(try await target.acs.presets().isEmpty)
            #expect(try await DeployLock(acs: target.acs).current() == nil)
        }
    }

    @Test(
        "an owned artifact edited in GenieACS that a deploy without prune neither writes nor deletes does not fail it"
    )
    func driftOutsideTheDeploy() async throws {
        try await ContractTarget.with { target in
            let (first, firstPlan) = try await Self.planned(target.acs)
            _ = try await Self.deploy(target.acs, firstPlan, first)
            let live = try #require(
                try await target.acs.query(.presets, CollectionQuery(query: .object([("_id", .string("a"))]))).items
                    .first
            )
            try await target.acs.putPreset("a", live.removing("_id").setting("weight", to: .int(7)))
            let second = try PlannerTests.desired([("presets/b.json", PlannerTests.compiledPreset("b"))])
            let plan = Planner.plan(desired: second, live: try await LiveArtifacts.read(from: target.acs), secrets: nil)
            #expect(plan.drifted.map(\.name) == ["a"], "the edit is seen as drift")
            let report = try await Self.deploy(target.acs, plan, second)
            #expect(report.steps.map(\.name).contains("b"))
            #expect(
                try await target.acs.presets().compactMap { $0["_id"]?.stringValue }.sorted() == ["a", "b"],
                "a is kept"
            )
        }
    }

    @Test("a lease that does not read back is said so, without an invented holder or 1970 times")
    func leaseGone() async throws {
        try await ContractTarget.with { target in
            let lock = DeployLock(acs: target.acs, settle: .milliseconds(10))
            let lease = try await lock.acquire()
            try await target.acs.deleteObject(DeployLease.objectName)
            let error = await #expect(throws: DeployLeaseError.self) { try await lock.requireHeld(lease) }
            #expect(error?.lease == nil)
            #expect(error?.description.contains("did not read back") == true, "\(String(describing: error))")
            #expect(error?.description.contains("1970") == false)
        }
    }
}
