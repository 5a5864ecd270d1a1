public import Foundation

/// The thresholds of storm protection, debounce and deduplication (``PONEventFilter``).
///
/// In YAML (read with ``PONStormSettings/read(_:file:)`` or, as a section of a larger file, with
/// ``PONStormSettings/read(section:file:diagnostics:)``):
///
/// ```yaml
/// storm:
///   threshold: 8               # ONUs losing signal or power on one PON port…
///   window-seconds: 60         # …within this many seconds are a storm
///   clear-after-seconds: 120   # the storm ends after this long without a new loss
///   debounce-seconds: 30       # a flapping ONU's alarm must be stable this long
///   duplicate-window-seconds: 30  # the same alarm from the OLT and the ONU within this is one
///   max-ports: 10000           # PON ports remembered (memory bound)
///   max-onus: 200000           # ONUs remembered by debounce and deduplication (memory bound)
/// ```
public struct PONStormSettings: Sendable, Hashable {
    /// Distinct ONUs with a signal-lost or power-lost raise on one PON port that make a storm.
    public var threshold: Int
    /// The window those raises must fall in, in seconds.
    public var window: TimeInterval
    /// How long after the last raise a storm ends, in seconds.
    public var clearAfter: TimeInterval
    /// How long an ONU's alarm must stay put before a change is passed on, in seconds; 0 turns
    /// debounce off.
    public var debounce: TimeInterval
    /// How close two reports of one alarm must be to be one, in seconds.
    public var duplicateWindow: TimeInterval
    /// PON ports whose recent raises are remembered.
    public var maxPorts: Int
    /// ONUs remembered by debounce and deduplication.
    public var maxONUs: Int
    /// ONUs remembered per PON port (more than a PON can hold: 128 on GPON, 256 on XGS-PON).
    public var maxONUsPerPort: Int

    /// The defaults: 8 ONUs in 60 s, clear after 120 s, debounce 30 s, duplicates within 30 s.
    public init(
        threshold: Int = 8,
        window: TimeInterval = 60,
        clearAfter: TimeInterval = 120,
        debounce: TimeInterval = 30,
        duplicateWindow: TimeInterval = 30,
        maxPorts: Int = 10_000,
        maxONUs: Int = 200_000,
        maxONUsPerPort: Int = PONStormSettings.maxThreshold
    ) {
        self.threshold = threshold
        self.window = window
        self.clearAfter = clearAfter
        self.debounce = debounce
        self.duplicateWindow = duplicateWindow
        self.maxPorts = maxPorts
        self.maxONUs = maxONUs
        self.maxONUsPerPort = maxONUsPerPort
    }

    /// The largest `threshold` a settings file may give: the ONUs remembered per PON port
    /// (``maxONUsPerPort``, more than a PON can hold), since a storm is counted among them.
    public static let maxThreshold = 1024

    /// The kinds storms are made of.
    public static let stormKinds: Set<PONEventKind> = [.signalLost, .powerLost]
}
