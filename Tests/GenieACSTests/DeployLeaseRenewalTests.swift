import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Synchronization
import Testing

/// A deploy longer than the lease's TTL: the lease is renewed and checked before each batch of
/// writes, and given back only while it is still this deploy's. The time is a test clock that the
/// NBI's writes move (a slow GenieACS).
@Suite struct DeployLeaseRenewalTests {
    /// A deployer of preset `a` and provision `a` (one batch each) whose lease reads `clock`.
    static func deployer(_ acs: any GenieACSNBI, _ clock: SteppingClock) -> Deployer {
        Deployer(acs: acs, concurrency: 1, lock: lock(acs, clock))
    }

    /// A lease with the default TTL (600 s) on `clock`.
    static func lock(_ acs: any GenieACSNBI, _ clock: SteppingClock) -> DeployLock {
        DeployLock(acs: acs, settle: .milliseconds(20), now: { Double(clock.epochMilliseconds()) })
    }

    static func deploy(_ deployer: Deployer, _ plan: Plan, _ desired: ArtifactSet) async throws -> Deployer.Report {
        try await deployer.deploy(plan, desired: desired, secrets: SecretStore(), prune: false, adopt: false)
    }

    @Test("A deploy taking 800 s (TTL 600 s) renews its lease: a second deploy meanwhile is refused")
    func longDeployKeepsLease() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await DeployLeaseTests.planned(target.acs)
            let clock = SteppingClock()
            let base = target.acs
            let second = Mutex<(any Error)?>(nil)
            let acs = WriteHookedNBI(
                base,
                beforeScript: { _ in try await clock.sleep(for: .seconds(400)) },
                beforePreset: { _ in
                    try await clock.sleep(for: .seconds(400))
                    do {
                        _ = try await Self.lock(base, clock).acquire()
                    } catch {
                        second.withLock { $0 = error }
                    }
                }
            )
            let report = try await Self.deploy(Self.deployer(acs, clock), plan, desired)
            #expect(report.steps.count == 2)
            let refusal = second.withLock { $0 }
            #expect(refusal is DeployLeaseError, "the second deploy was not refused: \(String(describing: refusal))")
            #expect(try await DeployLock(acs: base).current() == nil, "given back at the end")
        }
    }

    @Test("A deploy stalled past its TTL whose lease another deploy took writes nothing more and leaves that lease")
    func stalledDeployStops() async throws {
        try await ContractTarget.with { target in
            let (desired, plan) = try await DeployLeaseTests.planned(target.acs)
            let clock = SteppingClock()
            let base = target.acs
            let taken = Mutex<DeployLease?>(nil)
            let acs = WriteHookedNBI(
                base,
                beforeScript: { _ in
                    try await clock.sleep(for: .seconds(700))
                    let lease = try await Self.lock(base, clock).acquire()
                    taken.withLock { $0 = lease }
                }
            )
            let error = await #expect(throws: DeployLeaseError.self) {
                _ = try await Self.deploy(Self.deployer(acs, clock), plan, desired)
            }
            let other = try #require(taken.withLock { $0 })
            #expect(error?.lease?.token == other.token, "the error names the deploy that holds GenieACS now")
            #expect(try await base.provisions().count == 1, "the write in flight went out")
            #expect(try await base.presets().isEmpty, "no batch started after the lease was lost")
            #expect(try await DeployLock(acs: base).current()?.token == other.token, "the other deploy's lease is left")
        }
    }

    @Test("A lease about to expire is left to expire, not deleted: another deploy may be taking it")
    func nearlyExpiredLeaseIsLeft() async throws {
        try await ContractTarget.with { target in
            let clock = SteppingClock()
            let lock = Self.lock(target.acs, clock)
            let lease = try await lock.acquire()
            try await clock.sleep(for: .seconds(590))
            try await lock.release(lease)
            #expect(try await lock.current()?.token == lease.token)
            #expect(try await !lock.renew(lease), "too late to renew as well")
        }
    }
}
