import FerruleCore
import GenieACS

/// Why a campaign command could not proceed: what, which campaign, what to do next.
public struct CampaignError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    static func notFound(_ id: String) -> CampaignError {
        CampaignError("no campaign \"\(id)\"; `ferrule campaign list` shows the campaigns in this state file")
    }

    static func expectedCount(_ expected: ExpectedCount, actual: Int, file: String) -> CampaignError {
        CampaignError(
            "\(file): \(actual) device(s) match the filter but expected_count is \(expected.count) "
                + "(tolerance \(max(expected.toleranceDevices, Int(Double(expected.count) * expected.toleranceFraction)))); "
                + "nothing was created. Check the filter with `ferrule campaign plan`, or update expected_count"
        )
    }

    /// A firmware campaign whose file GenieACS does not serve; nothing was pushed (`running`: nothing more, and
    /// the runner paused the campaign). Names no address: a server's runner records it as the campaign's status
    /// reason.
    static func missingFirmwareFile(_ file: String, campaignID: String, running: Bool = false) -> CampaignError {
        CampaignError(
            "firmware file \"\(DisplayText.value(file))\" is not among the files the campaign's GenieACS serves "
                + "(GET /files), so no device could download it; "
                + (running ? "nothing more was pushed and the campaign was paused" : "nothing was pushed")
                + ". Upload it (`ferrule acs files upload IMAGE --name \(DisplayText.value(file)) --version VERSION`), "
                + "then `ferrule campaign \(running ? "resume" : "run") \(campaignID)` again"
        )
    }

    /// Every secret the campaign needs that has no value; nothing was pushed.
    static func missingSecrets(_ names: [String]) -> CampaignError {
        let variables = names.map { SecretStore.environmentName($0) }
        return CampaignError(
            "the campaign uses \(names.count == 1 ? "a secret" : "secrets") with no value: \(names.joined(separator: ", ")); "
                + "set \(variables.joined(separator: ", ")) or give them in --secrets FILE (NAME=value lines). "
                + "Nothing was pushed"
        )
    }
}
