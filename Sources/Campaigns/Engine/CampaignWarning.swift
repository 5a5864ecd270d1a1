public import FerruleCore
import Rules

/// Something `campaign create` found about a campaign it created anyway: the campaign is stored
/// and runs as written, but probably not as meant.
///
/// Each is placed where the file says what it is about (``location``) and renders as a diagnostic:
///
/// ```
/// canary.yaml:4:22: warning[canary-holds-every-target]: the canary wave (200 devices) holds all 20 targets: …
/// ```
public enum CampaignWarning: Sendable, Hashable {
    /// The first wave takes every target: nothing waits for it to finish, so the promise that a
    /// bad canary stops the campaign before the fleet sees it does not hold.
    case canaryHoldsEveryTarget(canary: WaveSize, targets: Int, at: SourceLocation)
    /// Waves from the `first` (0-based) on get no device: the waves before it take every target.
    case emptyWaves(first: Int, written: Int, targets: Int, at: SourceLocation)
    /// Targets that report a version newer than the firmware's `target_version` (compared as versions): the
    /// campaign installs the older image on them. `exampleDevice` is one of them, reporting `exampleVersion`.
    case downgrades(count: Int, exampleDevice: String, exampleVersion: String, target: String, at: SourceLocation)
    /// The `devices` filter matched no device: the campaign completes without changing anything
    /// (a typo in a filter that targets nothing is as silent as one that targets the fleet).
    case noTargets(at: SourceLocation)
    /// A firmware campaign's `file` is not among the files GenieACS serves: no CPE could download it. It may be
    /// uploaded before the campaign starts; the runner refuses to start while it is missing. `acs` is the
    /// GenieACS's address when the warning may name it (``CampaignCreator/namesACSAddress``).
    case missingFirmwareFile(file: String, acs: String?, at: SourceLocation)

    /// The diagnostic code.
    public var code: Diagnostic.Code {
        switch self {
        case .canaryHoldsEveryTarget: .canaryHoldsEveryTarget
        case .emptyWaves: .emptyWaves
        case .downgrades: .downgradesDevices
        case .noTargets: .noTargets
        case .missingFirmwareFile: .missingFirmwareFile
        }
    }

    /// The wave concerned (0-based: 0 is the canary; for ``emptyWaves(first:written:targets:at:)``
    /// the first wave that gets no device); nil for a warning about no wave.
    public var wave: Int? {
        switch self {
        case .canaryHoldsEveryTarget: 0
        case .emptyWaves(let first, _, _, _): first
        case .downgrades, .noTargets, .missingFirmwareFile: nil
        }
    }

    /// Where the campaign file writes the wave concerned.
    public var location: SourceLocation {
        switch self {
        case .canaryHoldsEveryTarget(_, _, let at), .emptyWaves(_, _, _, let at), .downgrades(_, _, _, _, let at),
            .noTargets(let at), .missingFirmwareFile(_, _, let at):
            at
        }
    }

    /// What is wrong, without the location.
    public var message: String {
        switch self {
        case .canaryHoldsEveryTarget(let canary, let targets, _):
            return "the canary wave (\(Self.text(canary))) holds all \(targets) target(s): every device is pushed "
                + "before the canary has finished, so a bad change reaches the whole fleet instead of stopping at "
                + "the canary"
        case .emptyWaves(let first, let written, let targets, _):
            let which =
                written - first == 1 ? "wave \(first + 1) of \(written) gets" : "waves \(first + 1)–\(written) get"
            let earlier = first == 1 ? "the canary takes" : "waves 1–\(first) take"
            return "\(which) no device: \(earlier) all \(targets) target(s)"
        case .downgrades(let count, let device, let version, let target, _):
            return "\(count) target(s) report a version newer than target_version \"\(DisplayText.value(target))\" "
                + "(\"\(DisplayText.value(device))\" reports \"\(DisplayText.value(version))\"): the campaign installs "
                + "the older image on them"
        case .noTargets:
            return "the devices filter matched no device in GenieACS: the campaign changes nothing"
        case .missingFirmwareFile(let file, let acs, _):
            return "firmware file \"\(DisplayText.value(file))\" is not among the files GenieACS"
                + (acs.map { " at \(DisplayText.value($0))" } ?? "")
                + " serves (GET /files): no device could download it"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch self {
        case .canaryHoldsEveryTarget:
            "give the canary fewer devices than the campaign targets (`{canary: 2}`, `\"1%\"`), or check the "
                + "`devices` filter; `campaign cancel` stops this campaign before it runs"
        case .emptyWaves:
            "check the wave sizes and the `devices` filter; waves past the last device are never used"
        case .downgrades(_, _, _, let target, _):
            "if that is not meant, cancel the campaign and filter them out: `software_version: {$lt: "
                + "\(DisplayText.value(target))}` in `devices` (versions compare numerically, segment by segment)"
        case .noTargets:
            "check the filter against `ferrule acs devices --query` (a serial prefix is not part of `_id`: "
                + "match `_deviceId._SerialNumber`); cancel this campaign and create it again with the right filter"
        case .missingFirmwareFile(let file, _, _):
            "upload it before the campaign runs (`ferrule acs files upload IMAGE --name \(DisplayText.value(file)) "
                + "--version VERSION`), or check the name against `ferrule acs files list`; `campaign run` refuses to "
                + "start while GenieACS lacks it"
        }
    }

    /// The warning as a ``Diagnostic`` (`file:line:col: warning[code]: message; hint`).
    public var diagnostic: Diagnostic {
        Diagnostic(.warning, code, message, at: location, hint: hint)
    }

    /// A wave's size as the file writes it: `200 devices`, `10%`.
    static func text(_ wave: WaveSize) -> String {
        switch wave {
        case .devices(let n): return n == 1 ? "1 device" : "\(n) devices"
        case .fraction(let f):
            let percent = f * 100
            let rounded = (percent * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? "\(Int(rounded))%" : "\(rounded)%"
        }
    }

    /// The warnings `rollout` earns over `targets` frozen targets (in the file `file`, for waves
    /// written without a location).
    ///
    /// Waves follow ``Rollout/waveEnds(total:)``: the canary holds every target when the first
    /// wave ends at the last target; written waves past the last wave end get no device.
    public static func warnings(for rollout: Rollout, targets: Int, file: String) -> [CampaignWarning] {
        if targets == 0 { return [.noTargets(at: SourceLocation(file: file))] }
        guard let canary = rollout.waves.first else { return [] }
        func location(_ wave: Int) -> SourceLocation {
            wave < rollout.waveLocations.count ? rollout.waveLocations[wave] : SourceLocation(file: file)
        }
        var warnings: [CampaignWarning] = []
        let ends = rollout.waveEnds(total: targets)
        if Rollout.devices(in: canary, total: targets) >= targets {
            warnings.append(.canaryHoldsEveryTarget(canary: canary, targets: targets, at: location(0)))
        }
        if ends.count < rollout.waves.count {
            warnings.append(
                .emptyWaves(first: ends.count, written: rollout.waves.count, targets: targets, at: location(ends.count))
            )
        }
        return warnings
    }
}

extension CampaignWarning {
    /// The downgrade warning of a firmware campaign over its resolved targets, nil when no target reports a version
    /// of the same scheme ordered after `target_version` (``SoftwareVersion`` order: `V10` after `V9`).
    static func downgrades(_ firmware: FirmwareChange, targets: [CampaignResolver.Target], file: String)
        -> CampaignWarning?
    {
        let target = SoftwareVersion(firmware.targetVersion)
        var count = 0
        var example: (device: String, version: String)?
        for resolved in targets {
            guard let before = resolved.versionBefore.map(SoftwareVersion.init), sameScheme(before, target),
                before > target
            else { continue }
            count += 1
            if example == nil { example = (resolved.deviceID, before.text) }
        }
        guard let example else { return nil }
        return .downgrades(
            count: count,
            exampleDevice: example.device,
            exampleVersion: example.version,
            target: firmware.targetVersion,
            at: firmware.targetVersionLocation ?? SourceLocation(file: file)
        )
    }
}

extension CampaignWarning {
    /// Whether two versions follow one naming scheme, so that their order means something: both start with a number,
    /// or with the same text (`V5R019…` and `V5R021…`; not `FW2` and `V3R017…`, which order by their letters only).
    static func sameScheme(_ a: SoftwareVersion, _ b: SoftwareVersion) -> Bool {
        switch (a.segments.first, b.segments.first) {
        case (.number, .number): true
        case (.text(let x), .text(let y)): x == y
        default: false
        }
    }
}

extension Diagnostic.Code {
    /// A canary wave that holds every target of the campaign (a warning of `campaign create`).
    public static let canaryHoldsEveryTarget = Self(rawValue: "canary-holds-every-target")
    /// Waves that get no device because earlier waves take every target (a warning of `campaign create`).
    public static let emptyWaves = Self(rawValue: "empty-waves")
    /// The campaign's filter matched no device.
    public static let noTargets = Self(rawValue: "no-targets")
    /// A firmware campaign whose targets include devices on a newer version than its `target_version`.
    public static let downgradesDevices = Self(rawValue: "downgrades-devices")
    /// A firmware campaign whose `file` GenieACS does not have (a warning of `campaign create`).
    public static let missingFirmwareFile = Self(rawValue: "missing-firmware-file")
}
