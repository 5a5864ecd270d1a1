public import FerruleCore

/// The codes of the rule reader, loader, compiler and linter (docs/rules.md lists them).
extension Diagnostic.Code {
    /// A rule without `name:`.
    public static let missingName = Self(rawValue: "missing-name")
    /// A rule or virtual parameter name given twice.
    public static let duplicateName = Self(rawValue: "duplicate-name")
    /// A `_defaults.yaml` holding rules.
    public static let misplacedRule = Self(rawValue: "misplaced-rule")
    /// `extends` names a rule that does not exist.
    public static let unknownExtends = Self(rawValue: "unknown-extends")
    /// `extends` chains back to itself.
    public static let extendsCycle = Self(rawValue: "extends-cycle")
    /// An `extends` chain longer than ``RuleLoader/maxExtendsDepth``.
    public static let extendsTooDeep = Self(rawValue: "extends-too-deep")
    /// A string that is not a CWMP event code.
    public static let badEvent = Self(rawValue: "bad-event")
    /// A mapping lacking one of the fields it needs together (`path` and a test …).
    public static let incomplete = Self(rawValue: "incomplete")
    /// An action that is not one of the rule language's.
    public static let unknownAction = Self(rawValue: "unknown-action")
    /// An action written in a way that cannot work.
    public static let badAction = Self(rawValue: "bad-action")
    /// A tag name GenieACS cannot store.
    public static let badTag = Self(rawValue: "bad-tag")
    /// A `type:` that is not an xsd type CWMP knows.
    public static let badType = Self(rawValue: "bad-type")
}

extension Diagnostic.Code {
    /// `factoryReset` without `confirm: true`.
    public static let unguardedReset = Self(rawValue: "unguarded-reset")
}
