import FerruleCore
import FerruleJSON
import Foundation

/// Takes and gives back the deploy lease in GenieACS (``DeployLease``): one deploy at a time.
///
/// GenieACS offers no compare-and-swap, so taking the lease is: read it; refuse while another
/// deploy's lease is live; write ours; wait `settle`; read it back; refuse unless it is still ours.
/// Of two deploys that both found no lease, the later write wins and the earlier one reads the
/// later's token back and refuses — provided each deploy's read-then-write takes less than
/// `settle` (milliseconds against an NBI on the same network; `settle` is 1 s).
///
/// The holder renews the lease (``renew(_:)``, every sixth of ``ttl`` from the deployer's
/// heartbeat), so a deploy longer than the TTL keeps it; a live lease is never taken over.
///
/// Giving it back is read-then-delete too: GenieACS 1.2.16 deletes an object by name whatever it
/// holds (`lib/nbi.ts:107-126`: `PUT` is `replaceOne({_id})`, `DELETE` is `deleteOne({_id})`; no
/// condition on the document, no version, no `If-Match`). ``release(_:)`` deletes only a lease
/// that reads back as this deploy's and has at least ``releaseMargin`` left: another deploy can
/// only take a lease that expired, so the window left is a `DELETE` that reaches GenieACS more
/// than ``releaseMargin`` after its `GET` (a lease with less time left is left to expire).
public struct DeployLock: Sendable {
    public let acs: any GenieACSNBI
    /// How long a lease lives without being renewed or given back (a deploy that crashed).
    public var ttl: Duration
    /// The wait between writing the lease and reading it back.
    public var settle: Duration
    /// A lease with less than this left (at most a quarter of ``ttl``) is neither renewed nor
    /// deleted by its holder but left to expire.
    public var releaseMargin: Duration
    /// The time, milliseconds since the epoch (the wall clock unless a test gives its own).
    public var now: @Sendable () -> Double

    public init(
        acs: any GenieACSNBI,
        ttl: Duration = .seconds(600),
        settle: Duration = .seconds(1),
        releaseMargin: Duration = .seconds(60),
        now: @escaping @Sendable () -> Double = DeployLock.wallClock
    ) {
        self.acs = acs
        self.ttl = ttl
        self.settle = settle
        self.releaseMargin = releaseMargin
        self.now = now
    }

    /// The wall clock, milliseconds since the epoch.
    @Sendable public static func wallClock() -> Double { Date().timeIntervalSince1970 * 1000 }

    /// ``ttl`` in milliseconds.
    public var ttlMilliseconds: Double { Self.milliseconds(ttl) }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// Whether `held` is `lease` with at least ``releaseMargin`` left: no other deploy can take it
    /// over before a write sent now reaches GenieACS.
    private func isOurs(_ held: DeployLease?, _ lease: DeployLease) -> Bool {
        guard let held, held.token == lease.token else { return false }
        return held.expiresAt - now() >= min(Self.milliseconds(releaseMargin), ttlMilliseconds / 4)
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
        let now = now()
        // A live lease whose holder exited on this machine (kill -9, a crash, a dropped ssh
        // session) is dead already: taken over rather than waited out.
        if let held = try await current(), held.expiresAt > now, !held.holderIsDeadOnThisHost {
            throw DeployLeaseError(lease: held, acs: acs.baseURL)
        }
        let process = ProcessInfo.processInfo
        let mine = DeployLease(
            token: UUID().uuidString,
            holder: "pid \(process.processIdentifier) on host \(process.hostName)",
            acquiredAt: now,
            expiresAt: now + ttlMilliseconds,
            process: ProcessSpace.current.map { (Int(process.processIdentifier), process.hostName, $0) }
        )
        try await acs.putObject(DeployLease.objectName, mine.document)
        try await Task.sleep(for: settle)
        try await requireHeld(mine)
        return mine
    }

    /// Throws ``DeployLeaseError`` unless GenieACS still holds `lease`, unexpired.
    public func requireHeld(_ lease: DeployLease) async throws {
        let held = try await current()
        guard let held, held.token == lease.token, held.expiresAt > now() else {
            throw DeployLeaseError(lease: held, acs: acs.baseURL)
        }
    }

    /// Pushes the expiry of `lease` to ``ttl`` from now.
    /// - Returns: false when GenieACS holds another deploy's lease, or none (this one was taken over
    ///   or removed), or this one with less than ``releaseMargin`` left (another deploy may take it
    ///   before the renewal lands): nothing was written.
    public func renew(_ lease: DeployLease) async throws -> Bool {
        let current = try await current()
        guard isOurs(current, lease), let held = current else { return false }
        let now = now()
        var renewed = held
        renewed.expiresAt = max(held.expiresAt, now + ttlMilliseconds)
        try await acs.putObject(DeployLease.objectName, renewed.document)
        return true
    }

    /// Gives the lease back when it still reads as this deploy's with at least ``releaseMargin``
    /// left; otherwise leaves it (another deploy's, or one about to expire by itself).
    public func release(_ lease: DeployLease) async throws {
        guard isOurs(try await current(), lease) else { return }
        try await acs.deleteObject(DeployLease.objectName)
    }
}
