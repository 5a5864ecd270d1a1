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
    /// Where the open campaign is when it is not in the store the campaign was created in: the
    /// store beside it that `ferrule serve` also runs (``CampaignNeighbour``), and that store's file.
    public var neighbour: Place?

    /// A store beside the one a campaign was created in, and its file.
    public struct Place: Sendable, Hashable {
        public var owner: CampaignNeighbour.Owner
        public var path: String
    }

    public init(campaignID: String, status: String, devices: Int, example: String) {
        self.campaignID = campaignID
        self.status = status
        self.devices = devices
        self.example = example
    }

    /// "N of the campaign's device(s) (example, …)".
    public var sharedDevices: String {
        "\(devices) of the campaign's device(s) (\(DisplayText.value(example))\(devices > 1 ? ", …" : ""))"
    }

    public var description: String {
        guard let place = neighbour else {
            return
                "\(sharedDevices) are already targets of open campaign \(campaignID) (\(status)); nothing was created. "
                + "Let \(campaignID) finish, or cancel it (`ferrule campaign cancel \(campaignID)`), or narrow the filter"
        }
        let path = DisplayText.escaped(place.path)
        switch place.owner {
        case .operatorStore:
            return
                "\(sharedDevices) are already targets of open campaign \(campaignID) (\(status)) on the same GenieACS "
                + "in \(path), which `ferrule serve` runs too; nothing was created. Let it finish, or cancel it "
                + "(`ferrule campaign cancel \(campaignID) --state \(path)`), or narrow the filter"
        case .tenant(let tenant):
            return "\(sharedDevices) are already targets of tenant \(DisplayText.value(tenant))'s open campaign "
                + "\(campaignID) (\(status)) on the same GenieACS (`ferrule serve`, \(path)); nothing was created. Let "
                + "it finish, or cancel it (POST /api/v1/ferrule/campaigns/\(campaignID)/cancel with a token of "
                + "\(DisplayText.value(tenant)), or `ferrule campaign cancel \(campaignID) --state \(path)`), or narrow "
                + "the filter"
        }
    }
}
