public import FerruleCore

/// A value written in a rule: a YAML scalar, possibly a template with `${…}` parts.
///
/// `${name}` is a variable from the environment's vars files (substituted at compile time);
/// `${secret:NAME}` a secret resolved only at deploy time and never printed; `${device.serialNumber}`
/// (also `device.oui`, `device.productClass`, `device.manufacturer`, `device.id`) and
/// `${param:Device.X.Y}` are read on the device when the provision runs; `left(x, n)`,
/// `right(x, n)`, `upper(x)` and `lower(x)` transform them (`${right(device.serialNumber, 4)}`).
public struct RuleValue: Sendable, Hashable {
    /// What the YAML scalar was.
    public enum Kind: Sendable, Hashable {
        case string
        case integer
        case number
        case boolean
    }

    /// One piece of a template (the foundation's ``TemplatePart``).
    public typealias Part = TemplatePart

    public var kind: Kind
    public var parts: [Part]
    public var location: RuleLocation

    public init(kind: Kind, parts: [Part], location: RuleLocation) {
        self.kind = kind
        self.parts = parts
        self.location = location
    }

    /// A plain literal (no template parts).
    public var literal: String? {
        if parts.isEmpty { return "" }
        guard parts.count == 1, case .literal(let text) = parts[0] else { return nil }
        return text
    }

    /// The secrets this value uses.
    public var secrets: [String] { parts.flatMap(\.secrets) }

    /// Whether any part is read on the device at provisioning time.
    public var isPerDevice: Bool { parts.contains(where: \.isPerDevice) }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
