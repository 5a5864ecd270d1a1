import FerruleCore
public import FerruleJSON
import Foundation

/// The deploy lease as GenieACS holds it: one document in its `objects` collection.
///
/// GenieACS has no locking, so the lease lives in GenieACS itself, where every deploy against it
/// sees it. `objects` are only read by the legacy `add_object`/`delete_object` preset
/// configurations, which look objects up by `_id` (GenieACS 1.2.16 `lib/cwmp/local-cache.ts:44-60`,
/// `:136-165`); no preset names this one, so GenieACS ignores it. `PUT /objects/<name>` stores the
/// JSON as it is (`lib/nbi.ts:107-120`). Plan and deploy read only presets, provisions and virtual
/// parameters, so the lease never shows up as a change.
public struct DeployLease: Sendable, Hashable {
    /// The `_id` of the lease document in `objects`.
    public static let objectName = "ferrule-deploy-lease"

    /// Unique per deploy: tells this deploy's lease from another's.
    public var token: String
    /// `pid 1234 on host noc-1`.
    public var holder: String
    /// Milliseconds since the epoch.
    public var acquiredAt: Double
    /// After this the lease is dead (its holder crashed or hangs) and another deploy may take it.
    public var expiresAt: Double
    /// The holder's process: its id, host name and PID namespace and boot (``ProcessSpace``); nil
    /// for a lease written by an older ferrule, which only its expiry frees.
    public var process: (pid: Int, host: String, space: String)?

    public init(
        token: String,
        holder: String,
        acquiredAt: Double,
        expiresAt: Double,
        process: (pid: Int, host: String, space: String)? = nil
    ) {
        self.token = token
        self.holder = holder
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
        self.process = process
    }

    /// Whether the holder ran on this host, in this PID namespace and boot, and has exited (killed,
    /// crashed, its ssh session gone): its lease is dead before it expires.
    public var holderIsDeadOnThisHost: Bool {
        guard let process else { return false }
        return ProcessSpace.isDead(pid: process.pid, host: process.host, space: process.space)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.token == b.token && a.holder == b.holder && a.acquiredAt == b.acquiredAt && a.expiresAt == b.expiresAt
            && a.process?.pid == b.process?.pid && a.process?.host == b.process?.host
            && a.process?.space == b.process?.space
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(token) }

    /// The document stored in GenieACS.
    public var document: JSONValue {
        .object(
            [
                ("token", .string(token)),
                ("holder", .string(holder)),
                ("acquiredAt", .string(Self.iso(acquiredAt))),
                ("expiresAt", .string(Self.iso(expiresAt))),
            ]
                + (process.map {
                    [("pid", .number(String($0.pid))), ("host", .string($0.host)), ("space", .string($0.space))]
                } ?? []) + [
                    ("about", .string("ferrule deploy lease: one deploy at a time; removed when the deploy ends"))
                ]
        )
    }

    /// Reads a lease document; nil when it is not one.
    public init?(document: JSONValue) {
        guard let token = document["token"]?.stringValue,
            let acquired = document["acquiredAt"]?.stringValue.flatMap(Self.milliseconds),
            let expires = document["expiresAt"]?.stringValue.flatMap(Self.milliseconds)
        else { return nil }
        var process: (pid: Int, host: String, space: String)?
        if let pid = document["pid"]?.intValue, let host = document["host"]?.stringValue,
            let space = document["space"]?.stringValue, pid > 0, pid < 1 << 31
        {
            process = (pid, host, space)
        }
        self.init(
            token: token,
            holder: document["holder"]?.stringValue ?? "an unknown deploy",
            acquiredAt: acquired,
            expiresAt: expires,
            process: process
        )
    }

    static func iso(_ milliseconds: Double) -> String {
        Date(timeIntervalSince1970: milliseconds / 1000).formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        )
    }

    static func milliseconds(_ text: String) -> Double? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date.timeIntervalSince1970 * 1000
        }
        return (try? Date(text, strategy: .iso8601)).map { $0.timeIntervalSince1970 * 1000 }
    }
}

/// Another deploy holds GenieACS: who, since when, until when.
///
/// `ferrule deploy` exits with status 3 on it, which no other outcome uses.
public struct DeployLeaseError: Error, Sendable, CustomStringConvertible {
    /// The lease GenieACS holds instead of this deploy's; nil when it holds none: this deploy's
    /// lease did not read back.
    public let lease: DeployLease?
    public let acs: String

    public var description: String {
        guard let lease else {
            return "the deploy lease written to \(acs) did not read back (GET /objects/ has no "
                + "\(DeployLease.objectName)): another deploy removed it, or something between Ferrule and "
                + "GenieACS (a caching proxy) does not show writes at once; nothing was changed. Run again, "
                + "and check what answers for GenieACS if it happens every time"
        }
        return "another deploy holds \(acs): \(lease.holder), since \(DeployLease.iso(lease.acquiredAt)); nothing was "
            + "changed. Run again when it has finished; if its holder died, the lease expires at "
            + "\(DeployLease.iso(lease.expiresAt)) (or delete it with `DELETE /objects/\(DeployLease.objectName)`)"
    }
}
