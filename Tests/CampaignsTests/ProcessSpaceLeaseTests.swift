import Campaigns
import FerruleStore
import FerruleTestSupport
import Foundation
import Testing

/// A holder's pid means something only in its own PID namespace and boot: a lease whose holder's
/// pid is absent here is taken over at once only when it was written from this process space.
@Suite struct ProcessSpaceLeaseTests {
    /// The pid of a process that ran and was reaped: `kill(pid, 0)` gives `ESRCH`.
    static func deadPID() throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return Int(process.processIdentifier)
    }

    static func lease(_ key: String, token: String, pid: Int, heartbeatAt: Double) -> RunnerLease {
        RunnerLease(
            key: key,
            token: token,
            host: ProcessInfo.processInfo.hostName,
            pid: pid,
            startedAt: heartbeatAt - 1000,
            heartbeatAt: heartbeatAt
        )
    }

    @Test("This process's leases record its PID namespace and boot in the token")
    func tokenRecordsSpace() throws {
        let space = try #require(ProcessLease.thisProcessSpace)
        let lease = ProcessLease.forThisProcess(key: "k", now: 0)
        #expect(lease.processSpace == space)
        #if os(Linux)
        #expect(space.hasPrefix("pidns:") && space.contains(",boot:"))
        #endif
    }

    @Test("A dead pid on this host frees the lease only when it was written from this PID namespace and boot")
    func deadPIDNeedsSameSpace() throws {
        let space = try #require(ProcessLease.thisProcessSpace)
        let pid = try Self.deadPID()
        #expect(Self.lease("k", token: "a@\(space)", pid: pid, heartbeatAt: 0).isDeadProcessOnThisHost)
        let otherContainer = Self.lease("k", token: "a@pidns:4:4026532999,boot:other", pid: pid, heartbeatAt: 0)
        #expect(!otherContainer.isDeadProcessOnThisHost, "another PID namespace: its pid says nothing here")
        let older = Self.lease("k", token: "a", pid: pid, heartbeatAt: 0)
        #expect(!older.isDeadProcessOnThisHost, "a lease that does not say: only its heartbeat timeout frees it")
    }

    @Test("A runner in another PID namespace with the same host name is not taken over while it heartbeats")
    func otherNamespaceRefuses() async throws {
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        let pid = try Self.deadPID()
        let other = Self.lease(
            campaign.id,
            token: "other-runner@pidns:4:4026532999,boot:other",
            pid: pid,
            heartbeatAt: harness.clock.now() - 5_000
        )
        #expect(try await harness.store.acquire(other, timeout: 60_000).held == nil)
        await #expect(throws: CampaignLeaseError.self) {
            _ = try await harness.runner().run(campaign.id, spec: harness.spec)
        }
        #expect(harness.tasksCreated("download") == 0)
        #expect(try await harness.store.lease(campaign.id)?.token == other.token)
    }

    @Test(
        "A dead runner of this PID namespace is still taken over at once, and a lease of an older ferrule after its timeout"
    )
    func sameSpaceAndOlderRows() async throws {
        let space = try #require(ProcessLease.thisProcessSpace)
        let harness = try RunnerLeaseTests.harness()
        let campaign = try await harness.create()
        let pid = try Self.deadPID()
        let dead = Self.lease(campaign.id, token: "dead@\(space)", pid: pid, heartbeatAt: harness.clock.now() - 5_000)
        _ = try await harness.store.acquire(dead, timeout: 60_000)
        let final = try await harness.runner().run(campaign.id, spec: harness.spec)
        #expect(final.status == .completed)

        let second = try RunnerLeaseTests.harness()
        let next = try await second.create()
        let older = Self.lease(next.id, token: "older", pid: pid, heartbeatAt: second.clock.now() - 61_000)
        _ = try await second.store.acquire(older, timeout: 60_000)
        #expect(try await second.runner().run(next.id, spec: second.spec).status == .completed)
    }
}
