import FerruleCore
import Yams

extension CampaignReader {
    /// One PON-aware key of `rollout:` (`max_per_olt`, `max_per_pon`, `canary_spread`,
    /// `pon_health`, `storm_hold`).
    mutating func ponKey(_ name: String, _ value: Node, into pon: inout PONRollout) {
        switch name {
        case "max_per_olt":
            if let n = int(value, what: "`max_per_olt`", range: 1...100_000) { pon.maxPerOLT = n }
        case "max_per_pon":
            if let n = int(value, what: "`max_per_pon`", range: 1...10_000) { pon.maxPerPON = n }
        case "canary_spread":
            if let b = bool(value, what: "`canary_spread`") { pon.canarySpread = b }
        case "storm_hold":
            if let b = bool(value, what: "`storm_hold`") { pon.stormHold = b }
        case "pon_health":
            if let gate = ponHealth(value) { pon.health = gate }
        default:
            break
        }
    }

    /// `{max_signal_lost: "2%" | 5, window: 10m, grace: 5m}`.
    private mutating func ponHealth(_ node: Node) -> PONHealthGate? {
        guard let entries = entries(node, what: "`pon_health`", keys: .ponHealth) else { return nil }
        let errorsBefore = errorCount
        var threshold: PONHealthGate.Threshold?
        var window = 600.0
        var grace = PONHealthGate.defaultGraceSeconds
        for entry in entries {
            switch entry.name {
            case "max_signal_lost":
                threshold = signalLostThreshold(entry.value)
            case "window":
                if let s = duration(entry.value, what: "`pon_health.window`", range: 60...86_400) { window = s }
            case "grace":
                if let s = duration(entry.value, what: "`pon_health.grace`", range: 0...3600) { grace = s }
            default:
                break
            }
        }
        guard errorCount == errorsBefore else { return nil }
        guard let threshold else {
            error(
                node,
                .missingField,
                "`pon_health` needs `max_signal_lost`",
                hint: "write `pon_health: {max_signal_lost: \"2%\", window: 10m}` (a share or a number of devices)"
            )
            return nil
        }
        return PONHealthGate(maxSignalLost: threshold, windowSeconds: window, graceSeconds: grace)
    }

    /// `"2%"` (a share of the devices pushed within the window) or a number of devices.
    private mutating func signalLostThreshold(_ node: Node) -> PONHealthGate.Threshold? {
        if let text = node.scalar?.string, text.hasSuffix("%") {
            return percent(node, what: "`max_signal_lost`").map { .fraction($0) }
        }
        guard isPlain(node), node.int != nil else {
            error(
                node,
                .wrongType,
                "expected `max_signal_lost` as a percentage (`\"2%\"`) or a number of devices (`5`)"
            )
            return nil
        }
        return int(node, what: "`max_signal_lost`", range: 0...1_000_000).map { .devices($0) }
    }
}
