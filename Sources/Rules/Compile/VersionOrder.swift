/// Version-aware ordering of software versions: ``SoftwareVersion``'s order, which the
/// `compareVersions` function compiled into provisions reproduces (see ``VersionScript``).
public enum VersionOrder {
    /// -1, 0 or 1 as `a` is before, equal to or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        SoftwareVersion.compare(SoftwareVersion(a), SoftwareVersion(b))
    }

    /// Whether `version` satisfies `condition`.
    static func satisfies(_ version: String, _ condition: VersionCondition) -> Bool {
        let c = compare(version, condition.version)
        switch condition.op {
        case .eq: return c == 0
        case .ne: return c != 0
        case .lt: return c < 0
        case .lte: return c <= 0
        case .gt: return c > 0
        case .gte: return c >= 0
        }
    }
}
