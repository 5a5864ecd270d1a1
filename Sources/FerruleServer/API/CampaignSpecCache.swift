import Campaigns
import Synchronization

/// Campaign definitions already read from their stored text, so a progress GET does not parse the
/// campaign file again (it was about 5 % of the schedule progress route's CPU at saturation).
///
/// Keyed by campaign id and used only when the stored text and file name are exactly the ones
/// that were parsed, so a changed definition is always read afresh. At most ``capacity``
/// definitions; when full it starts afresh.
final class CampaignSpecCache: Sendable {
    private struct Entry: Sendable {
        var text: String
        var file: String
        var spec: CampaignSpec
    }

    /// The most definitions kept.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    /// The cache ``CampaignStart/spec(of:)`` uses.
    static let shared = CampaignSpecCache(capacity: 512)

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The definition of `campaign`: the kept one when its text is unchanged, else `parse`'s (kept).
    func spec(of campaign: CampaignRecord, parse: (CampaignRecord) throws -> CampaignSpec) rethrows -> CampaignSpec {
        let kept = entries.withLock { $0[campaign.id] }
        if let kept, kept.text == campaign.specText, kept.file == campaign.specFile { return kept.spec }
        let spec = try parse(campaign)
        entries.withLock { entries in
            if entries[campaign.id] == nil, entries.count >= capacity { entries.removeAll() }
            entries[campaign.id] = Entry(text: campaign.specText, file: campaign.specFile, spec: spec)
        }
        return spec
    }

    /// How many definitions are kept.
    var count: Int { entries.withLock { $0.count } }
}
