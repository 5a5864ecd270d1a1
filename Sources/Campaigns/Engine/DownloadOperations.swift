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
}
