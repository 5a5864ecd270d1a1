/// `${secret:NAME}` as it stands in compiled output (preset arguments, configuration campaign
/// values): found, resolved and masked in one place.
///
/// Compiled text is not a template any more (a rule's `$${` has become a literal `${`), so only
/// the `${secret:NAME}` form is recognised here; everything else is literal text.
public enum SecretPlaceholder {
    /// The placeholder for secret `name`.
    public static func text(_ name: String) -> String { "${secret:\(name)}" }

    /// The secret names in `text`, in order.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        forEach(in: text, literal: { _ in }, secret: { names.append($0) })
        return names
    }

    /// `text` with each placeholder replaced by its value.
    /// - Throws: ``MissingSecretError`` naming the first secret without a value.
    public static func resolve(_ text: String, _ secrets: SecretStore) throws(MissingSecretError) -> String {
        var out = ""
        var missing: String?
        forEach(
            in: text,
            literal: { out += $0 },
            secret: { name in
                guard missing == nil else { return }
                if let value = secrets.value(name) { out += value } else { missing = name }
            }
        )
        if let missing { throw MissingSecretError(name: missing) }
        return out
    }

    /// Calls `literal` and `secret` for the pieces of `text` in order.
    private static func forEach(
        in text: String,
        literal: (Substring) -> Void,
        secret: (String) -> Void
    ) {
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${secret:") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "}") else { break }
            literal(rest[..<start.lowerBound])
            secret(String(after[..<end]))
            rest = after[after.index(after: end)...]
        }
        literal(rest)
    }
}

/// A `${secret:NAME}` with no value in the environment or the secrets file.
public struct MissingSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String

    public init(name: String) { self.name = name }

    public var description: String {
        "secret \"\(name)\" has no value: set \(SecretStore.environmentName(name)) or add \(name)=… to the --secrets file"
    }
}
