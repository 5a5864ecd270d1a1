import FerruleArtifacts
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
    /// What replaces a secret value nothing names (and an argument that may hold one).
    public static let mask = "••••••"

    /// A live preset fit to show, as plan's diffs, deploy's refusal and the API's preset reads
    /// print it; no secret value it holds, wherever it sits, is in it:
    ///
    /// 1. Every occurrence of a value of `secrets`, in any string of the preset, as
    ///    `${secret:NAME}`; of a value deploy filled in (where the marker's `secretArgs` point) as
    ///    `••••••`.
    /// 2. The placeholders put back where the marker says deploy filled in values
    ///    (``restored(_:)``).
    /// 3. String arguments that may hold a secret nothing names as `••••••`: in a preset without
    ///    Ferrule's marker that has the name of a compiled one (a conflict), and in one of Ferrule's
    ///    edited in GenieACS since it was deployed (its content no longer matches the marker's
    ///    hash) that held or is to hold secrets, since the edit may have moved them away from the
    ///    recorded positions. An argument of the compiled preset, or one already showing a
    ///    placeholder or the mask, is shown as it is. Where a secret is at stake (the preset held
    ///    or is to hold one), every other string and member name the compiled preset does not
    ///    hold is masked too (``maskingUncompiledStrings(_:compiled:)``); an unedited preset, and
    ///    one without secrets, is shown as GenieACS holds it.
    /// 4. Where the compiled preset (`desired`) has a placeholder, that placeholder.
    public static func shown(_ live: JSONValue, desired: JSONValue?, secrets: SecretStore?) -> JSONValue {
        let (restored, values) = restored(live)
        var known = (secrets?.namedValues ?? []).map { (value: $0.value, shown: "${secret:\($0.name)}") }
        known += values.filter { !$0.1.isEmpty }.map { (value: $0.1, shown: mask) }
        // Scrubbed before the placeholders go back, so a placeholder's own text is never rewritten.
        var document = scrubbed(live, known)
        for (position, _) in values { document = document.settingArgument(position, to: .string(position.template)) }
        if let marker = restored["ferrule"] { document = document.setting("ferrule", to: marker) }
        let marker = OwnershipMarker.preset(restored)
        let compiledPositions = desired.map(positions(in:)) ?? []
        // Whether the preset held (as deployed) or is to hold (as compiled) a secret.
        let holdsSecrets = !(values.isEmpty && compiledPositions.isEmpty)
        let unsure: Bool =
            if let marker {
                OwnershipMarker.contentHash(ofPreset: restored) != marker.hash && holdsSecrets
            } else {
                desired != nil
            }
        if unsure {
            let compiledArguments = Set(
                (desired?["configurations"]?.arrayValue ?? []).flatMap { $0["args"]?.arrayValue ?? [] }
                    .compactMap(\.stringValue)
            )
            for (c, configuration) in (document["configurations"]?.arrayValue ?? []).enumerated() {
                for (a, argument) in (configuration["args"]?.arrayValue ?? []).enumerated() {
                    guard let text = argument.stringValue, !compiledArguments.contains(text),
                        !text.contains("${secret:"), !text.contains(mask)
                    else { continue }
                    document = document.settingArgument(
                        Position(configuration: c, argument: a, template: ""),
                        to: .string(mask)
                    )
                }
            }
            // An edit may also have moved a secret out of the arguments (into the precondition, a
            // configuration's name or value, an event's name), and without the values nothing says
            // which text it was: every other string the compiled preset does not hold is masked too.
            // Only where a secret is at stake: a conflict over a preset without secrets is shown as
            // before (its arguments masked, nothing else).
            if holdsSecrets {
                document = maskingUncompiledStrings(document, compiled: desired.map(strings(in:)) ?? [])
            }
        }
        for position in compiledPositions {
            guard
                document["configurations"]?.arrayValue?[safe: position.configuration]?["args"]?.arrayValue?[
                    safe: position.argument
                ] != nil
            else { continue }
            document = document.settingArgument(position, to: .string(position.template))
        }
        return document
    }

    /// The configuration types GenieACS 1.2.16 runs (lib/preset.ts): shown even when not compiled.
    static let configurationTypes: Set<String> = [
        "age", "value", "add_tag", "delete_tag", "provision", "add_object", "delete_object",
    ]

    /// The member names of a GenieACS preset and its configurations: structure, never a value.
    static let presetFieldNames: Set<String> = [
        "_id", "channel", "weight", "schedule", "events", "precondition", "configurations", "type", "name", "value",
        "args", "tag", "path", "object", "count",
    ]

    /// Every string and member name in `value`.
    static func strings(in value: JSONValue) -> Set<String> {
        var out: Set<String> = []
        func walk(_ node: JSONValue) {
            switch node {
            case .string(let text): out.insert(text)
            case .array(let items): items.forEach(walk)
            case .object(let members):
                for (key, member) in members {
                    out.insert(key)
                    walk(member)
                }
            default: break
            }
        }
        walk(value)
        return out
    }

    /// `document` with every string and member name that is not in `compiled`, not a GenieACS
    /// preset field name or configuration type, and neither holding a placeholder nor the mask itself, as
    /// ``mask``; the preset's `_id` (its name) and Ferrule's marker are kept.
    static func maskingUncompiledStrings(_ document: JSONValue, compiled: Set<String>) -> JSONValue {
        // A text only partly masked (a recorded value scrubbed out of it) is masked whole: the
        // recorded position may hold the edit's text, not the secret, and the rest may be the secret.
        func shown(_ text: String) -> Bool {
            compiled.contains(text) || text.isEmpty || text.contains("${secret:") || text == mask
        }
        func walk(_ node: JSONValue, field: String?) -> JSONValue {
            switch node {
            case .string(let text):
                if shown(text) || (field == "type" && configurationTypes.contains(text)) { return node }
                return .string(mask)
            case .array(let items): return .array(items.map { walk($0, field: field) })
            case .object(let members):
                return .object(
                    members.map { key, member in
                        (presetFieldNames.contains(key) || shown(key) ? key : mask, walk(member, field: key))
                    }
                )
            default: return node
            }
        }
        guard case .object(let members) = document else { return document }
        return .object(
            members.map { key, member in
                key == "_id" || key == OwnershipMarker.presetKey
                    ? (key, member)
                    : (presetFieldNames.contains(key) || shown(key) ? key : mask, walk(member, field: key))
            }
        )
    }

    /// `document` with every occurrence of a value of `secrets` in its strings (and member names)
    /// as `${secret:NAME}`: the compiled side of a plan's diff is scrubbed like the live side, so a
    /// literal that happens to hold a secret's value is neither shown nor a difference.
    public static func scrubbed(_ document: JSONValue, _ secrets: SecretStore?) -> JSONValue {
        scrubbed(document, (secrets?.namedValues ?? []).map { (value: $0.value, shown: "${secret:\($0.name)}") })
    }

    /// `text` with every occurrence of a `known` value replaced by what shows instead (longest
    /// value first, one pass, `${secret:NAME}` placeholders kept whole).
    static func scrubbedText(_ text: String, _ known: [(value: String, shown: String)]) -> String {
        guard !known.isEmpty else { return text }
        return replacing(known.sorted { $0.value.utf8.count > $1.value.utf8.count }, in: text)
    }

    /// Whether the secret value `value` stands, as a whole argument, anywhere in the preset's
    /// `configurations[].args`: a secret deploy filled in that an edit in GenieACS moved is not
    /// a changed one.
    static func holdsArgument(_ live: JSONValue, _ value: String) -> Bool {
        (live["configurations"]?.arrayValue ?? []).contains { configuration in
            (configuration["args"]?.arrayValue ?? []).contains { $0.stringValue == value }
        }
    }

    /// `value` with `known` values replaced in every string and member name, except Ferrule's
    /// marker (which holds placeholders and hashes, never values).
    private static func scrubbed(_ value: JSONValue, _ known: [(value: String, shown: String)]) -> JSONValue {
        guard !known.isEmpty else { return value }
        // Longest first: a value that contains another is replaced whole.
        let known = known.sorted { $0.value.utf8.count > $1.value.utf8.count }
        func walk(_ node: JSONValue, depth: Int) -> JSONValue {
            switch node {
            case .string(let text): return .string(replacing(known, in: text))
            case .array(let items): return .array(items.map { walk($0, depth: depth + 1) })
            case .object(let members):
                return .object(
                    members.map { key, member in
                        depth == 0 && key == OwnershipMarker.presetKey
                            ? (key, member) : (replacing(known, in: key), walk(member, depth: depth + 1))
                    }
                )
            default: return node
            }
        }
        return walk(value, depth: 0)
    }

    /// `text` with each occurrence of a known value replaced, left to right in one pass (a
    /// replacement is never searched again, and a `${secret:NAME}` placeholder is kept whole).
    private static func replacing(_ known: [(value: String, shown: String)], in text: String) -> String {
        let bytes = Array(text.utf8)
        let candidates = known.map { (Array($0.value.utf8), $0.shown) }
        let opening = Array("${secret:".utf8)
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == opening[0], bytes[i...].starts(with: opening),
                // A name is short: looking no further keeps the pass linear.
                let close = bytes[(i + opening.count)..<min(bytes.count, i + opening.count + 256)].firstIndex(
                    of: UInt8(ascii: "}")
                ),
                !candidates.contains(where: { value, _ in
                    bytes[(i + opening.count)..<close].firstRange(of: value) != nil
                })
            {
                i = close + 1
            } else if let (value, shown) = candidates.first(where: { value, _ in
                value.count <= bytes.count - i && value.first == bytes[i]
                    && bytes[i..<i + value.count].elementsEqual(value)
            }) {
                out += bytes[copied..<i]
                out += shown.utf8
                i += value.count
                copied = i
            } else {
                i += 1
            }
        }
        guard copied > 0 else { return text }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
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
