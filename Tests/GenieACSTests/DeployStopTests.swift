import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Testing

/// A deploy asked to stop (SIGINT/SIGTERM in `ferrule deploy`) between its writes.
@Suite struct DeployStopTests {
    /// Forwards to `base`, and signals `stopping` as the first script is written: the stop comes
    /// while that write is in flight.
    struct StopAtFirstWrite: GenieACSNBI {
        let base: NBIClient
        let stopping: AsyncEvent
        var baseURL: String { base.baseURL }

        func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
            try await base.query(collection, query)
        }
        func submit(_ request: TaskRequest, to device: String, connectionRequest: Bool, sessionStart: Duration?)
            async throws -> TaskSubmission
        {
            try await base.submit(request, to: device, connectionRequest: connectionRequest, sessionStart: sessionStart)
        }
        func connectionRequest(to device: String) async throws -> ConnectionRequestResult {
            try await base.connectionRequest(to: device)
        }
        func deleteTask(_ id: String) async throws { try await base.deleteTask(id) }
        func putPreset(_ name: String, _ document: JSONValue) async throws { try await base.putPreset(name, document) }
        func deletePreset(_ name: String) async throws { try await base.deletePreset(name) }
        func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
            stopping.signal()
            try await base.putScript(kind, name, script: script)
        }
        func deleteScript(_ kind: ScriptKind, _ name: String) async throws { try await base.deleteScript(kind, name) }
        func putObject(_ name: String, _ document: JSONValue) async throws { try await base.putObject(name, document) }
        func deleteObject(_ name: String) async throws { try await base.deleteObject(name) }
    }

    /// Deploys `plan` with `stopping`; the ``DeployStopped`` it must end with.
    static func stopped(_ deployer: Deployer, _ stopping: AsyncEvent, _ plan: Plan, _ desired: ArtifactSet) async
        -> DeployStopped?
    {
        var configured = deployer
        configured.stopping = stopping
        let final = configured
        return await #expect(throws: DeployStopped.self) {
            _ = try await final.deploy(plan, desired: desired, secrets: SecretStore(), prune: false, adopt: false)
        }
    }

    @Test("A stop during a write: that write finishes, no other starts, the lease is given back; deploy again finishes")
    func stopBetweenWrites() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await DeployLeaseTests.planned(target.acs)
            let stopping = AsyncEvent()
            let acs = StopAtFirstWrite(base: target.acs, stopping: stopping)
            let deployer = Deployer(acs: acs, concurrency: 1, lock: DeployLock(acs: acs, settle: .milliseconds(50)))
            let stopped = await Self.stopped(deployer, stopping, plan, desired)
            #expect(stopped?.written == 1, "the provision in flight was written")
            #expect(try await target.acs.provisions().count == 1)
            #expect(try await target.acs.presets().isEmpty, "no write started after the stop")
            #expect(try await DeployLock(acs: target.acs).current() == nil, "the lease was given back")

            let (_, rest) = try await DeployLeaseTests.planned(target.acs)
            let report = try await DeployLeaseTests.deploy(target.acs, rest, desired)
            #expect(report.steps.map(\.name) == ["a"], "the preset is what was left: \(report.steps)")
            #expect(try await target.acs.presets().count == 1)
        }
    }

    @Test("A stop before the lease is taken: nothing is written, no lease is left")
    func stopBeforeLease() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await DeployLeaseTests.planned(target.acs)
            let stopping = AsyncEvent()
            stopping.signal()
            let stopped = await Self.stopped(DeployLeaseTests.deployer(target.acs), stopping, plan, desired)
            #expect(stopped?.written == 0)
            #expect(try await target.acs.provisions().isEmpty)
            #expect(try await DeployLock(acs: target.acs).current() == nil)
        }
    }
}
