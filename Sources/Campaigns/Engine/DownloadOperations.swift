import FerruleJSON
import GenieACS

/// What GenieACS holds of a campaign's Downloads after their task documents are gone.
///
/// A Download runs in two phases (GenieACS 1.2.16 lib/cwmp.ts:333-355, lib/cwmp/db.ts:707-725): once the CPE
/// accepts it, the task document is deleted and an `operations` document `<device>:<commandKey>` names the task's
/// channel (`channels: {"task_<id>": …}`) until the CPE's TransferComplete, or GenieACS's download timeout. A
/// TransferComplete that reports a failure records the fault `<device>:task_<id>` then (lib/cwmp.ts:347-354,
/// lib/session.ts:284-290), with the Download as its provisions — which GenieACS retries on its own at a later
/// inform (lib/cwmp.ts:402-430). So a fault on such a channel can appear long after the task is gone, and
/// deleting it is only final once the operation is gone too.
enum DownloadOperations {
    /// The `task_<id>` channels of the Download operations still pending, per device: one `$or` of anchored `_id`
    /// regexes per batch of devices (operations are keyed `<device>:<commandKey>`).
    static func pendingChannels(_ devices: [String], acs: any GenieACSNBI, batchSize: Int) async throws -> [String:
        Set<String>]
    {
        guard !devices.isEmpty else { return [:] }
        let clauses = Array(Set(devices)).sorted().map { device -> JSONValue in
            .object([("_id", .object([("$regex", .string("^" + CampaignRunner.regexEscaped(device) + ":"))]))])
        }
        let batches = clauses.batched(count: batchSize, characters: DeviceFilter.maxListCharactersPerQuery) {
            DeviceFilter.encodedSize([$0])
        }
        let wanted = Set(devices)
        var out: [String: Set<String>] = [:]
        for batch in batches {
            let answer = try await acs.query(.operations, CollectionQuery(query: .object([("$or", .array(batch))])))
            for operation in answer.items {
                guard let id = operation["_id"]?.stringValue, let colon = id.lastIndex(of: ":") else { continue }
                let device = String(id[..<colon])
                guard wanted.contains(device) else { continue }
                for (channel, _) in operation["channels"]?.objectMembers ?? [] where channel.hasPrefix("task_") {
                    out[device, default: []].insert(channel)
                }
            }
        }
        return out
    }

    /// Whether `fault` is a failed Download of `firmware`: its provisions are exactly the one `download` provision a
    /// download task becomes, `["download", fileType, fileName, targetFileName]` (GenieACS 1.2.16
    /// lib/cwmp.ts:713-716), stored as JSON text (lib/cwmp/db.ts:592).
    static func isDownload(_ fault: GenieACSFault, of firmware: FirmwareChange) -> Bool {
        guard fault.channel.hasPrefix("task_") else { return false }
        let provisions: JSONValue
        switch fault.document["provisions"] {
        case .string(let text)?:
            guard text.utf8.count <= 64 * 1024, let parsed = try? JSONValue.parse(text) else { return false }
            provisions = parsed
        case let value?:
            provisions = value
        case nil:
            return false
        }
        guard let list = provisions.arrayValue, list.count == 1, let provision = list[0].arrayValue,
            provision.count >= 3, provision[0].stringValue == "download"
        else { return false }
        return provision[1].stringValue == firmware.fileType && provision[2].stringValue == firmware.file
    }

    /// Whether `fault`'s task may be the one an attempt dispatched at `dispatchedAt` (this host's clock, ms) queued.
    ///
    /// A fault keeps no mark of who queued its task — its fields are `_id`, `device`, `channel`, `timestamp`,
    /// `code`, `message`, `detail`, `retries`, `expiry` and `provisions` (GenieACS 1.2.16 lib/cwmp/db.ts:580-592),
    /// and a TransferComplete's fault takes the operation's provisions and channels (lib/cwmp.ts:333-355) — but its
    /// channel names the task, and a task's id is the MongoDB ObjectId its insert got (lib/api-functions.ts:356-371),
    /// whose first four bytes are the second it was made in. A task made more than ``taskTimeAllowance`` before the
    /// attempt was dispatched was queued by someone else pushing the same file (an earlier campaign, an operator);
    /// the allowance covers a GenieACS clock behind this host's. A channel that names no ObjectId, or an attempt
    /// with no dispatch time, is not judged.
    static func mayBeAttempt(_ fault: GenieACSFault, dispatchedAt: Double?) -> Bool {
        guard let dispatchedAt, let taskID = fault.taskID, let seconds = objectIDSeconds(taskID) else { return true }
        return Double(seconds) * 1000 >= dispatchedAt - taskTimeAllowance
    }

    /// How long before an attempt's dispatch (this host's clock) its task may seem to have been made (GenieACS's
    /// clock): ten minutes of clock skew.
    static let taskTimeAllowance = 600_000.0

    /// The seconds since the epoch in an ObjectId given as 24 hex digits (its first 8), nil for other text.
    static func objectIDSeconds(_ id: String) -> UInt32? {
        let utf8 = Array(id.utf8)
        let hex = Set("0123456789abcdefABCDEF".utf8)
        guard utf8.count == 24, utf8.allSatisfy(hex.contains) else { return nil }
        return UInt32(String(decoding: utf8[0..<8], as: UTF8.self), radix: 16)
    }
}
