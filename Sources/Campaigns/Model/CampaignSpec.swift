public import FerruleCore
public import Rules

/// A campaign as its file describes it (docs/campaigns.md): what to change, on which devices, how fast.
public struct CampaignSpec: Sendable, Hashable {
    /// What the campaign changes.
    public enum Change: Sendable, Hashable {
        case firmware(FirmwareChange)
        case configuration(ConfigurationChange)
    }

    /// Stable name; with the file it identifies the campaign in reports.
    public var name: String
    public var description: String?
    public var change: Change
    public var filter: DeviceFilter
    /// Refuse to start when the number of matching devices differs from this beyond its tolerance.
    public var expectedCount: ExpectedCount?
    public var rollout: Rollout
    /// The file it was read from (`campaigns/fw-eg8145v5.yaml`), for messages.
    public var file: String

    public init(
        name: String,
        description: String? = nil,
        change: Change,
        filter: DeviceFilter = DeviceFilter(),
        expectedCount: ExpectedCount? = nil,
        rollout: Rollout = Rollout(),
        file: String = ""
    ) {
        self.name = name
        self.description = description
        self.change = change
        self.filter = filter
        self.expectedCount = expectedCount
        self.rollout = rollout
        self.file = file
    }
}

/// A firmware upgrade: a file GenieACS serves and the version it installs.
public struct FirmwareChange: Sendable, Hashable {
    /// The file name in GenieACS (`ferrule acs files`).
    public var file: String
    /// Default `1 Firmware Upgrade Image`.
    public var fileType: String
    /// The SoftwareVersion a device reports once upgraded; devices already on it are skipped.
    public var targetVersion: String
    /// Where the file writes `target_version` (create's downgrade warning points there).
    public var targetVersionLocation: SourceLocation?
    /// Where the file writes `file` (create's missing-file warning points there).
    public var fileLocation: SourceLocation?

    public init(
        file: String,
        fileType: String = "1 Firmware Upgrade Image",
        targetVersion: String,
        targetVersionLocation: SourceLocation? = nil,
        fileLocation: SourceLocation? = nil
    ) {
        self.file = file
        self.fileType = fileType
        self.targetVersion = targetVersion
        self.targetVersionLocation = targetVersionLocation
        self.fileLocation = fileLocation
    }

    /// Equal when the change is: where the file wrote it does not count.
    public static func == (a: Self, b: Self) -> Bool {
        a.file == b.file && a.fileType == b.fileType && a.targetVersion == b.targetVersion
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(fileType)
        hasher.combine(targetVersion)
    }
}

/// Mass configuration: rule-language actions (`set`, `wifi`, `lanDHCP`, `wan`, `ntp`, `timeZone`,
/// `periodicInform`, `connectionRequest`), evaluated per device so TR-098 and TR-181 devices each
/// get their own paths, with `${var}` and `${secret:NAME}` values.
public struct ConfigurationChange: Sendable, Hashable {
    public var actions: [Action]

    public init(actions: [Action]) { self.actions = actions }
}

/// The tolerated difference between expected and matching devices.
public struct ExpectedCount: Sendable, Hashable {
    public var count: Int
    /// Allowed difference in devices (`tolerance: 5`) …
    public var toleranceDevices: Int
    /// … or as a share of `count` (`tolerance: 2%` → 0.02); the larger applies.
    public var toleranceFraction: Double

    public init(count: Int, toleranceDevices: Int = 0, toleranceFraction: Double = 0) {
        self.count = count
        self.toleranceDevices = toleranceDevices
        self.toleranceFraction = toleranceFraction
    }

    /// Whether `actual` matching devices are close enough.
    public func accepts(_ actual: Int) -> Bool {
        let allowed = max(toleranceDevices, Int((Double(count) * toleranceFraction).rounded(.down)))
        return abs(actual - count) <= allowed
    }
}
