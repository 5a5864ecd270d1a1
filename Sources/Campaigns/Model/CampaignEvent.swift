/// One line of a campaign's log: state changes of the campaign and of its devices.
public struct CampaignEvent: Sendable, Hashable, Codable {
    public var campaignID: String
    /// nil for campaign-level events.
    public var deviceID: String?
    /// Milliseconds since the epoch.
    public var at: Double
    /// `created`, `started`, `pushed`, `retry`, `succeeded`, `failed`, `paused`, `resumed`, `cancelled`, …
    public var kind: String
    /// Human text; never a secret value.
    public var detail: String

    public init(campaignID: String, deviceID: String? = nil, at: Double, kind: String, detail: String) {
        self.campaignID = campaignID
        self.deviceID = deviceID
        self.at = at
        self.kind = kind
        self.detail = detail
    }

    /// An event about one device: `target`'s campaign and device.
    init(_ target: TargetRecord, at: Double, kind: String, detail: String) {
        self.init(campaignID: target.campaignID, deviceID: target.deviceID, at: at, kind: kind, detail: detail)
    }
}
