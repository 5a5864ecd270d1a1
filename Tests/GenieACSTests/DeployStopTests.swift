import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Testing

/// A deploy asked to stop (SIGINT/SIGTERM in `ferrule deploy`) between its writes.
@Suite struct DeployStopTests {
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
            // The stop comes while the first script's write is in flight.
            let acs = WriteHookedNBI(target.acs, beforeScript: { _ in stopping.signal() })
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
