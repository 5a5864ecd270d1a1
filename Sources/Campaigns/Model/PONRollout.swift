/// The PON-aware part of a rollout: caps per OLT and PON port, canaries spread across OLTs and
/// models, a signal-lost health gate and holding devices on a stormy PON.
///
/// Every field is off by default: a campaign without these keys runs exactly as without PON data.
public struct PONRollout: Sendable, Hashable {
    /// Devices in flight at once on one OLT; nil = no cap.
    public var maxPerOLT: Int?
    /// Devices in flight at once on one PON port (OLT + port); nil = no cap.
    public var maxPerPON: Int?
    /// The canary wave takes devices round-robin across OLTs and models instead of the first N.
    public var canarySpread: Bool
    /// Auto-pause when pushed devices raise signal-lost / power-lost beyond a threshold.
    public var health: PONHealthGate?
    /// Hold (not push) devices on a PON or OLT with an active storm until it clears; nil = on
    /// when ``health`` is given.
    public var stormHold: Bool?

    public init(
        maxPerOLT: Int? = nil,
        maxPerPON: Int? = nil,
        canarySpread: Bool = false,
        health: PONHealthGate? = nil,
        stormHold: Bool? = nil
    ) {
        self.maxPerOLT = maxPerOLT
        self.maxPerPON = maxPerPON
        self.canarySpread = canarySpread
        self.health = health
        self.stormHold = stormHold
    }

    /// Whether devices on a stormy PON or OLT are held: `storm_hold`, else on with `pon_health`.
    public var holdsStorms: Bool { stormHold ?? (health != nil) }

    /// Whether any key needs PON topology.
    public var needsTopology: Bool {
        maxPerOLT != nil || maxPerPON != nil || canarySpread || health != nil || holdsStorms
    }
}

/// `pon_health: {max_signal_lost: "2%", window: 10m, grace: 5m}`.
public struct PONHealthGate: Sendable, Hashable {
    /// How many of the wave's pushed devices may raise signal-lost / power-lost.
    public enum Threshold: Sendable, Hashable {
        /// At most this many devices.
        case devices(Int)
        /// At most this share (0…1) of the devices pushed within the window.
        case fraction(Double)
    }

    public var maxSignalLost: Threshold
    /// Seconds after its push during which a device's raise counts against the campaign.
    public var windowSeconds: Double
    /// Seconds a device's ONU may stay down (signal or power lost, not cleared and not activated
    /// again) before it counts as lost. A firmware upgrade reboots the ONT, and VOLTHA reports
    /// every reboot as a loss that clears when the ONU ranges again (dying gasp and
    /// `ONU_LOSS_OF_SIGNAL_RAISE_EVENT`, then `ONU_LOSS_OF_SIGNAL_CLEAR_EVENT`:
    /// voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-389, 456-505`,
    /// `device_handler.go:1905-1935`).
    public var graceSeconds: Double

    /// The default ``graceSeconds``: an ONT's reboot after an upgrade, with room to spare.
    public static let defaultGraceSeconds = 300.0

    public init(maxSignalLost: Threshold, windowSeconds: Double = 600, graceSeconds: Double = defaultGraceSeconds) {
        self.maxSignalLost = maxSignalLost
        self.windowSeconds = windowSeconds
        self.graceSeconds = graceSeconds
    }

    /// Whether `lost` devices out of `pushed` exceed the threshold.
    public func isExceeded(lost: Int, pushed: Int) -> Bool {
        guard lost > 0 else { return false }
        switch maxSignalLost {
        case .devices(let n): return lost > n
        case .fraction(let f): return pushed > 0 && Double(lost) / Double(pushed) > f
        }
    }
}
