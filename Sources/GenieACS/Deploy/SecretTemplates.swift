public import FerruleCore
public import FerruleJSON

/// `${secret:NAME}` placeholders in preset arguments, and putting them back.
///
/// The compiler leaves secrets as placeholders in `configurations[].args`; deploy fills them in
/// and records where (`ferrule.secretArgs`), so plan can restore the placeholders in what it reads
/// back: secret values are never compared in the open, hashed into markers or shown.
public enum SecretTemplates {
    /// One preset argument that holds a template.
    public struct Position: Sendable, Hashable {
        public var configuration: Int
        public var argument: Int
        /// The argument as compiled (`${secret:wifi_psk}`, or text around a placeholder).
        public var template: String
    }

    /// The arguments of `preset` that contain `${secret:…}`.
    public static func positions(in preset: JSONValue) -> [Position] {
        var out: [Position] = []
        for (c, configuration) in (preset["configurations"]?.arrayValue ?? []).enumerated() {
            for (a, argument) in (configuration["args"]?.arrayValue ?? []).enumerated() {
                if let text = argument.stringValue, !names(in: text).isEmpty {
                    out.append(Position(configuration: c, argument: a, template: text))
                }
            }
        }
        return out
    }

    /// The secret names in a template, in order.
    public static func names(in template: String) -> [String] { SecretPlaceholder.names(in: template) }

    /// `template` with each placeholder replaced by its value.
    /// - Throws: ``MissingSecretError`` naming the first unknown secret.
    public static func resolve(_ template: String, _ secrets: SecretStore) throws(MissingSecretError) -> String {
        try SecretPlaceholder.resolve(template, secrets)
    }

    /// The preset as deployed: placeholders filled in, their positions recorded in the marker.
    public static func resolved(_ preset: JSONValue, _ secrets: SecretStore) throws(MissingSecretError) -> JSONValue {
        let positions = positions(in: preset)
        guard !positions.isEmpty else { return preset }
        var document = preset
        for position in positions {
            let value = try resolve(position.template, secrets)
            document = document.settingArgument(position, to: .string(value))
        }
        let recorded = JSONValue.array(
            positions.map {
                .object([
                    ("configuration", .int($0.configuration)), ("arg", .int($0.argument)),
                    ("template", .string($0.template)),
                ])
            }
        )
        if let marker = document["ferrule"] {
            document = document.setting("ferrule", to: marker.setting("secretArgs", to: recorded))
        }
        return document
    }

    /// A live preset with the placeholders put back where its marker says deploy filled them in.
    /// - Returns: the restored document and, per position, the live value that was there.
    public static func restored(_ live: JSONValue) -> (document: JSONValue, values: [(Position, String)]) {
        guard let recorded = live["ferrule"]?["secretArgs"]?.arrayValue else { return (live, []) }
        var document = live
        var values: [(Position, String)] = []
        for item in recorded {
            guard let c = item["configuration"]?.intValue, let a = item["arg"]?.intValue,
                let template = item["template"]?.stringValue
            else { continue }
            let position = Position(configuration: c, argument: a, template: template)
            guard let current = live["configurations"]?.arrayValue?[safe: c]?["args"]?.arrayValue?[safe: a] else {
                continue
            }
            values.append((position, current.stringValue ?? current.compactText))
            document = document.settingArgument(position, to: .string(template))
        }
        if let marker = document["ferrule"] {
            document = document.setting("ferrule", to: marker.removing("secretArgs"))
        }
        return (document, values)
    }
}

extension SecretTemplates {
    /// A live preset fit to show: every argument where the compiled preset has a placeholder shows
    /// the placeholder; without Ferrule's marker (a conflict) every string argument is masked,
    /// since nothing says which hold secrets.
    static func masked(_ live: JSONValue, desired: JSONValue?, owned: Bool) -> JSONValue {
        var document = live
        if !owned {
            for (c, configuration) in (live["configurations"]?.arrayValue ?? []).enumerated() {
                for (a, argument) in (configuration["args"]?.arrayValue ?? []).enumerated()
                where argument.stringValue != nil {
                    let position = Position(configuration: c, argument: a, template: "")
                    document = document.settingArgument(position, to: .string("••••••"))
                }
            }
        }
        for position in desired.map(positions(in:)) ?? [] {
            guard
                document["configurations"]?.arrayValue?[safe: position.configuration]?["args"]?.arrayValue?[
                    safe: position.argument
                ] != nil
            else { continue }
            document = document.settingArgument(position, to: .string(position.template))
        }
        return document
    }
}

extension JSONValue {
    fileprivate func settingArgument(_ position: SecretTemplates.Position, to value: JSONValue) -> JSONValue {
        guard var configurations = self["configurations"]?.arrayValue, position.configuration < configurations.count,
            var args = configurations[position.configuration]["args"]?.arrayValue, position.argument < args.count
        else { return self }
        args[position.argument] = value
        configurations[position.configuration] = configurations[position.configuration].setting(
            "args",
            to: .array(args)
        )
        return setting("configurations", to: .array(configurations))
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
