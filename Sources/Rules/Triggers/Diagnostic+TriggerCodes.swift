public import FerruleCore

/// The codes of trigger rules (docs/triggers.md lists them).
extension Diagnostic.Code {
    /// `on:` names a trigger that does not exist.
    public static let unknownTrigger = Self(rawValue: "unknown-trigger")
    /// `on:` names one trigger twice.
    public static let duplicateTrigger = Self(rawValue: "duplicate-trigger")
    /// A preset-rule key or action in a trigger rule.
    public static let notForTriggers = Self(rawValue: "not-for-triggers")
    /// An action that needs a CPE on a trigger whose events name no ONU.
    public static let noDevice = Self(rawValue: "no-device")
    /// A condition on a field the rule's triggers never carry.
    public static let neverCarried = Self(rawValue: "never-carried")
    /// An irreversible action driven by an unreliable hint (`ONU_Ethernet_UNI`).
    public static let unreliableTrigger = Self(rawValue: "unreliable-trigger")
    /// `${event.FIELD}` naming no field.
    public static let unknownEventField = Self(rawValue: "unknown-event-field")
    /// `correlation:` given in more than one file.
    public static let duplicateCorrelation = Self(rawValue: "duplicate-correlation")
}
