public import FerruleCore
public import Rules

extension Diagnostic.Code {
    /// A trigger rule uses `${secret:NAME}` and nothing gives NAME a value.
    public static let missingSecret = Self(rawValue: "missing-secret")
}

/// The secrets trigger rules use, checked before a consumer starts: an action whose secret has no
/// value can only fail, and for good (the executor settles it `failed`, not retryable), so a
/// consumer refuses to start with such a rule instead of failing each of its actions.
public enum TriggerSecrets {
    /// An error (`missing-secret`) for each secret the rules use that `secrets` does not give, at
    /// the first value that uses it, naming the secret and the rule (never a value); `hint` says
    /// where a secret's value would come from (by default the environment or the `--secrets` file).
    public static func check(
        _ rules: [TriggerRule],
        _ secrets: SecretStore,
        hint: (_ name: String) -> String = {
            "set \(SecretStore.environmentName($0)) or add \($0)=… to the --secrets file"
        },
        diagnostics: inout DiagnosticCollector
    ) {
        var reported = Set<String>()
        for rule in rules {
            for value in rule.actions.flatMap(\.values) {
                for name in value.secrets where secrets.value(name) == nil && reported.insert(name).inserted {
                    diagnostics.error(
                        .missingSecret,
                        "rule \(rule.name) uses ${secret:\(name)}, which has no value here: each of its actions "
                            + "would fail",
                        at: value.location,
                        hint: hint(name)
                    )
                }
            }
        }
    }
}
