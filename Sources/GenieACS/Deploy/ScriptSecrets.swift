import FerruleCore

/// Provision and virtual-parameter scripts fit to show, as plan's diffs, its JSON and deploy's
/// refusal print them: no secret value they hold is in them.
///
/// A compiled script never holds a secret value (a rule's `${secret:…}` reaches its provision as
/// a preset argument, `args[n]`), but an edit in GenieACS may copy one into a script. So:
///
/// 1. Every occurrence of a value of the secrets source is shown as `${secret:NAME}`, and of a
///    value deploy filled into a live Ferrule preset (its marker's `secretArgs`) as `••••••`,
///    in the live and the compiled text alike.
/// 2. Where a secret is at stake (a live preset holds values deploy filled in, or a compiled
///    preset or script has a placeholder) and the script is one Ferrule cannot vouch for (one of
///    Ferrule's edited since it was deployed, or a script without Ferrule's marker that has the
///    name of a compiled one), every line the compiled script does not hold is shown as
///    `••••••` (its indentation kept): without the values nothing says which text a copied secret
///    is. The diff still shows which lines differ, and the note says the script was edited.
///
/// A script Ferrule deployed and nobody edited, and any script where no secret is at stake, is
/// shown as GenieACS holds it.
struct ScriptSecrets: Sendable {
    /// Values to replace, and what shows instead.
    private let known: [(value: String, shown: String)]
    /// Whether any secret is at stake (see the type's comment).
    let atStake: Bool

    init(desired: ArtifactSet, live: LiveArtifacts, secrets: SecretStore?) {
        let recorded = live.presets.values.contains { !SecretTemplates.restored($0).values.isEmpty }
        let compiled = desired.artifacts.contains { artifact in
            switch artifact.content {
            case .preset(let document): !SecretTemplates.positions(in: document).isEmpty
            case .script(let text): text.contains("${secret:")
            }
        }
        known = Self.knownValues(live: live, secrets: secrets)
        atStake = recorded || compiled
    }

    /// Every secret value a run knows and what shows instead: each value of the secrets source
    /// as `${secret:NAME}`, each value deploy filled into a live Ferrule preset (its marker's
    /// `secretArgs`) as `••••••`. What plan shows and what deploy's errors quote are scrubbed of them.
    static func knownValues(live: LiveArtifacts, secrets: SecretStore?) -> [(value: String, shown: String)] {
        var known = (secrets?.namedValues ?? []).map { (value: $0.value, shown: "${secret:\($0.name)}") }
        for name in live.presets.keys.sorted() {
            guard let preset = live.presets[name] else { continue }
            known += SecretTemplates.restored(preset).values.map(\.1).filter { !$0.isEmpty }
                .map { (value: $0, shown: SecretTemplates.mask) }
        }
        return known
    }

    /// A compiled script as shown: known values replaced.
    func shown(compiled text: String) -> String { SecretTemplates.scrubbedText(text, known) }

    /// A live script as shown. `unsure`: Ferrule cannot vouch for it (edited since deployed, or
    /// not Ferrule's); `compiled`: the compiled script of that name, if any.
    func shown(live text: String, compiled: String?, unsure: Bool) -> String {
        let scrubbed = SecretTemplates.scrubbedText(text, known)
        guard unsure, atStake else { return scrubbed }
        let compiledLines = Set(
            shown(compiled: compiled ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        )
        return scrubbed.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            if compiledLines.contains(line) || indentation.count == line.count { return String(line) }
            return indentation + SecretTemplates.mask
        }.joined(separator: "\n")
    }
}
