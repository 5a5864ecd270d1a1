@testable import Campaigns

extension CampaignRecord {
    /// A firmware campaign `id`, created at time 0, for store tests that only need a row to hang
    /// targets on.
    static func fixture(_ id: String, name: String) -> CampaignRecord {
        CampaignRecord(
            id: id,
            name: name,
            kind: "firmware",
            specText: "",
            specFile: "",
            acsURL: "http://acs",
            createdAt: 0
        )
    }
}
