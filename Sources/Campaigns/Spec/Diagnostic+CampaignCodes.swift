public import FerruleCore

/// The codes of the campaign file reader (docs/campaigns.md).
extension Diagnostic.Code {
    /// A local time that occurs twice (a DST change); the earlier is taken.
    public static let ambiguousTime = Self(rawValue: "ambiguous-time")
    /// A time of day that is not `HH:MM`.
    public static let badClock = Self(rawValue: "bad-clock")
    /// A weekday that is not `mon`…`sun` or a range of them.
    public static let badDay = Self(rawValue: "bad-day")
    /// A duration that is not a number with `s`, `m`, `h` or `d`.
    public static let badDuration = Self(rawValue: "bad-duration")
    /// A firmware file type other than the TR-069 download file types.
    public static let badFileType = Self(rawValue: "bad-file-type")
    /// A filter field written without the operator it needs.
    public static let badOperator = Self(rawValue: "bad-operator")
    /// A percentage that is not between 0 and 100.
    public static let badPercent = Self(rawValue: "bad-percent")
    /// A raw GenieACS query that is not a JSON object.
    public static let badQuery = Self(rawValue: "bad-query")
    /// A regular expression that cannot be compiled.
    public static let badRegex = Self(rawValue: "bad-regex")
    /// A `scheduled_at` that is not an ISO 8601 time.
    public static let badTime = Self(rawValue: "bad-time")
    /// A wave that is not a count or a percentage, or waves that do not grow.
    public static let badWave = Self(rawValue: "bad-wave")
    /// A maintenance window that cannot be read.
    public static let badWindow = Self(rawValue: "bad-window")
    /// Both `firmware:` and `configuration:`.
    public static let conflictingChange = Self(rawValue: "conflicting-change")
    /// `all: true` together with conditions.
    public static let conflictingFilter = Self(rawValue: "conflicting-filter")
    /// `configuration:` without actions.
    public static let emptyConfiguration = Self(rawValue: "empty-configuration")
    /// `devices:` without a condition.
    public static let emptyFilter = Self(rawValue: "empty-filter")
    /// An `Etc/GMT±N` zone, whose sign is inverted.
    public static let invertedZone = Self(rawValue: "inverted-zone")
    /// Neither `firmware:` nor `configuration:`.
    public static let missingChange = Self(rawValue: "missing-change")
    /// A local time without a `timezone`.
    public static let missingTimezone = Self(rawValue: "missing-timezone")
    /// A local time skipped by a DST change.
    public static let nonexistentTime = Self(rawValue: "nonexistent-time")
    /// A raw query field that is not a GenieACS device field.
    public static let queryField = Self(rawValue: "query-field")
    /// A raw query mixing `$ne` with other operators on one field.
    public static let queryNEMixed = Self(rawValue: "query-ne-mixed")
    /// A raw query operator GenieACS does not support.
    public static let queryOperator = Self(rawValue: "query-operator")
    /// A raw query value GenieACS would turn into a regular expression that does not compile.
    public static let queryWildcard = Self(rawValue: "query-wildcard")
    /// An action a campaign may not push (a reboot, a factory reset, a script).
    public static let refusedAction = Self(rawValue: "refused-action")
    /// A secret pushed into a parameter every device read shows (an SSID, a user name).
    public static let secretInShownValue = Self(rawValue: "secret-in-shown-value")
    /// `tolerance` without `expected_count`.
    public static let toleranceWithoutCount = Self(rawValue: "tolerance-without-count")
    /// A `devices` field that is not known.
    public static let unknownField = Self(rawValue: "unknown-field")
    /// A filter operator that is not known.
    public static let unknownOperator = Self(rawValue: "unknown-operator")
    /// A time zone name the system does not know.
    public static let unknownTimezone = Self(rawValue: "unknown-timezone")
    /// A raw query comparing versions as text.
    public static let versionAsString = Self(rawValue: "version-as-string")
}
