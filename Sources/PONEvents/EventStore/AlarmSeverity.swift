/// How bad an alarm is, on the ITU-T X.733 scale the seed platform's API uses
/// (`INDETERMINATE`, `WARNING`, `MINOR`, `MAJOR`, `CRITICAL`).
///
/// VOLTHA 2.x events carry no severity (voltha-protos `protos/voltha_protos/events.proto`:
/// `EventHeader` has category, sub-category and type only), so the store derives one from the
/// alarm name with ``SeverityMapping``.
public enum AlarmSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case indeterminate, warning, minor, major, critical

    /// `INDETERMINATE` … `CRITICAL`, as the seed's API spells them.
    public var upperCased: String { rawValue.uppercased() }

    /// The severity named `text`, in any case (`major`, `MAJOR`).
    public init?(name text: String) {
        self.init(rawValue: text.lowercased())
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Whether an alarm is active (the seed's `RAISED`) or cleared (`CLEARED`).
public enum AlarmState: String, Sendable, Hashable, Codable, CaseIterable {
    case active, cleared

    /// `RAISED` or `CLEARED`, as the seed's API spells them.
    public var seedName: String { self == .active ? "RAISED" : "CLEARED" }

    /// The state named `text`: `active` / `raised`, `cleared`, in any case.
    public init?(name text: String) {
        switch text.lowercased() {
        case "active", "raised": self = .active
        case "cleared": self = .cleared
        default: return nil
        }
    }
}
