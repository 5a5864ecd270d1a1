public import DataModel
public import FerruleCore
import Rules

/// A configuration campaign's values held against the data models, with the rules' check
/// (``ModelValueCheck``): a value a parameter's facets refuse (an SSID over 32 characters, a channel
/// out of range) is one the CPE refuses with fault 9007, as it is for a rule. `ferrule campaign plan`
/// and `create` check the values in the file (literals, and secrets when given) before GenieACS is
/// contacted, then each device's values once the device's own fields (`${device.serialNumber}`,
/// `${param:…}`) are resolved on it.
public enum ConfigurationValueCheck {
    /// The values of the campaign's actions that are known from the file: literals, variables already
    /// substituted, and `${secret:NAME}` when `secrets` holds it (never shown). Empty for firmware.
    public static func check(_ spec: CampaignSpec, models: ModelSet, secrets: SecretStore?) -> DiagnosticCollector {
        var diagnostics = DiagnosticCollector()
        guard case .configuration(let configuration) = spec.change else { return diagnostics }
        ModelValueCheck.check(configuration.actions, models: models, secrets: secrets, diagnostics: &diagnostics)
        return diagnostics
    }

    /// Each value the devices would get (targets that are skipped are never pushed), checked on the
    /// device's own path. A value refused on many devices is reported once per path and value, naming the
    /// first device; at most `limit` are reported. Returns them, with how many devices would get one.
    public static func check(
        _ targets: [CampaignResolver.Target],
        spec: CampaignSpec,
        models: ModelSet,
        limit: Int = 20
    ) -> (diagnostics: DiagnosticCollector, devices: Int) {
        var diagnostics = DiagnosticCollector()
        guard case .configuration = spec.change else { return (diagnostics, 0) }
        var seen = Set<String>()
        var devices = 0
        for target in targets where target.skipReason == nil {
            var refused = false
            for change in target.changes {
                var scratch = DiagnosticCollector()
                guard
                    ModelValueCheck.check(
                        value: change.value,
                        at: change.path,
                        subject: "device \(DisplayText.value(target.deviceID)): ",
                        location: SourceLocation(file: spec.file),
                        models: models,
                        diagnostics: &scratch
                    )
                else { continue }
                refused = true
                if seen.count < limit, seen.insert(change.path + "\u{0}" + change.value).inserted {
                    diagnostics.add(contentsOf: scratch)
                }
            }
            if refused { devices += 1 }
        }
        return (diagnostics, devices)
    }
}

/// Values the data models refuse, found at `campaign create`: nothing was created.
public struct ConfigurationValueError: Error, Sendable, CustomStringConvertible {
    /// The `bad-value` errors (at most 20, one per path and value).
    public var diagnostics: DiagnosticCollector
    /// How many devices would get a refused value.
    public var devices: Int

    public var description: String {
        "\(devices) device(s) would get value(s) the data model refuses (a CPE refuses them with fault 9007); "
            + "nothing was created"
    }
}
