import FerruleCore

/// A campaign was not created because some of its devices are already targets of another open
/// campaign (created, running or paused): both would push them — a retried request would flash
/// every device twice. Nothing was stored.
public struct CampaignOverlapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The open campaign sharing the most devices with the refused one.
    public var campaignID: String
    /// Its status (`created`, `running`, `paused`).
    public var status: String
    /// How many of the refused campaign's devices it targets.
    public var devices: Int
    /// One of them, for the message.
    public var example: String

    public init(campaignID: String, status: String, devices: Int, example: String) {
        self.campaignID = campaignID
        self.status = status
        self.devices = devices
        self.example = example
    }

    public var description: String {
        "\(devices) of the campaign's device(s) (\(DisplayText.value(example))\(devices > 1 ? ", …" : "")) "
            + "are already targets of open campaign \(campaignID) (\(status)); nothing was created. "
            + "Let \(campaignID) finish, or cancel it (`ferrule campaign cancel \(campaignID)`), or narrow the filter"
    }
}
