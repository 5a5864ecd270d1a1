import FerruleJSON
import Foundation

/// Takes and gives back the deploy lease in GenieACS (``DeployLease``): one deploy at a time.
///
/// GenieACS offers no compare-and-swap, so taking the lease is: read it; refuse while another
/// deploy's lease is live; write ours; wait `settle`; read it back; refuse unless it is still ours.
/// Of two deploys that both found no lease, the later write wins and the earlier one reads the
/// later's token back and refuses — provided each deploy's read-then-write takes less than
/// `settle` (milliseconds against an NBI on the same network; `settle` is 1 s).
public struct DeployLock: Sendable {
    public let acs: any GenieACSNBI
    /// How long a lease lives without being given back (a deploy that crashed).
    public var ttl: Duration
    /// The wait between writing the lease and reading it back.
    public var settle: Duration

    public init(acs: any GenieACSNBI, ttl: Duration = .seconds(600), settle: Duration = .seconds(1)) {
        self.acs = acs
        self.ttl = ttl
        self.settle = settle
    }

    /// The lease GenieACS holds now, live or expired; nil when there is none.
    public func current() async throws -> DeployLease? {
        let page = try await acs.query(
            .objects,
            CollectionQuery(query: .object([("_id", .string(DeployLease.objectName))]))
        )
        return page.items.first.flatMap(DeployLease.init(document:))
    }

    /// Takes the lease.
    /// - Throws: ``DeployLeaseError`` while another deploy holds a live lease.
    public func acquire() async throws -> DeployLease {
        let now = Date().timeIntervalSince1970 * 1000
        if let held = try await current(), held.expiresAt > now {
            throw DeployLeaseError(lease: held, acs: acs.baseURL)
        }
        let process = ProcessInfo.processInfo
        let mine = DeployLease(
            token: UUID().uuidString,
            holder: "pid \(process.processIdentifier) on host \(process.hostName)",
            acquiredAt: now,
            expiresAt: now + Double(ttl.components.seconds) * 1000
        )
        try await acs.putObject(DeployLease.objectName, mine.document)
        try await Task.sleep(for: settle)
        try await requireHeld(mine)
        return mine
    }

    /// Throws ``DeployLeaseError`` unless GenieACS still holds `lease`.
    public func requireHeld(_ lease: DeployLease) async throws {
        let held = try await current()
        guard held?.token == lease.token else {
            throw DeployLeaseError(lease: held, acs: acs.baseURL)
        }
    }

    /// Gives the lease back, unless it is no longer this deploy's.
    public func release(_ lease: DeployLease) async throws {
        guard try await current()?.token == lease.token else { return }
        try await acs.deleteObject(DeployLease.objectName)
    }
}
