import FerruleArtifacts
public import FerruleCore
import FerruleJSON

/// Compares desired artifacts with GenieACS's and decides create, update, delete or nothing.
///
/// Only artifacts with Ferrule's marker are Ferrule's to change. A live artifact with a
/// desired name but no marker is a conflict (deploy leaves it unless told to adopt it); other
/// unmarked ones are listed as unmanaged and never touched.
public enum Planner {
    /// - Parameter secrets: when given, secret values deployed earlier are compared with the
    ///   current ones (a rotated secret is an update); when nil they are not compared.
    public static func plan(desired: ArtifactSet, live: LiveArtifacts, secrets: SecretStore?) -> Plan {
        var items: [Plan.Item] = []
        var unmanaged: [(ArtifactKind, String)] = []
        let scripts = ScriptSecrets(desired: desired, live: live, secrets: secrets)
        for kind in ArtifactKind.allCases.sorted() {
            let desiredNames = Set(desired.artifacts.filter { $0.kind == kind }.map(\.name))
            for artifact in desired.artifacts where artifact.kind == kind {
                items.append(item(for: artifact, live: live, secrets: secrets, scripts: scripts))
            }
            for name in live.names(kind) where !desiredNames.contains(name) {
                guard let (marker, text, drift) = liveState(kind, name, live, secrets, scripts) else {
                    unmanaged.append((kind, name))
                    continue
                }
                items.append(
                    Plan.Item(
                        kind: kind,
                        name: name,
                        action: .delete,
                        drift: drift,
                        rule: marker.rule,
                        source: marker.source,
                        before: text,
                        after: nil,
                        notes: [],
                        liveDigest: liveDigest(kind, name, live)
                    )
                )
            }
        }
        keepProvisionsInUse(&items, live: live)
        keepVirtualParametersInUse(&items, live: live)
        return Plan(
            items: items,
            unmanaged: unmanaged.map { (kind: $0.0, name: $0.1) },
            secretsCompared: secrets != nil
        )
    }

    /// A Ferrule provision no rule makes any more, that a preset Ferrule does not own still runs,
    /// is kept (with a note saying which preset): pruning it would make that preset, which Ferrule
    /// never touches, silently do nothing.
    private static func keepProvisionsInUse(_ items: inout [Plan.Item], live: LiveArtifacts) {
        var users: [String: [String]] = [:]
        for (name, preset) in live.presets.sorted(by: { $0.key < $1.key })
        where OwnershipMarker.preset(SecretTemplates.restored(preset).document) == nil {
            for configuration in preset["configurations"]?.arrayValue ?? []
            where configuration["type"]?.stringValue == "provision" {
                if let provision = configuration["name"]?.stringValue { users[provision, default: []].append(name) }
            }
        }
        for index in items.indices where items[index].kind == .provision && items[index].action == .delete {
            guard let presets = users[items[index].name] else { continue }
            items[index].action = .unchanged
            let named = presets.prefix(3).joined(separator: ", ") + (presets.count > 3 ? ", …" : "")
            items[index].notes.append(
                "kept: preset \(named) (not Ferrule's) still runs it; take it out of that preset, then prune"
            )
        }
    }

    /// A Ferrule virtual parameter no rule makes any more, that a preset or script Ferrule does not
    /// own still reads, is kept (with a note saying which): GenieACS fetches every parameter a
    /// precondition names, running the virtual parameter's script (1.2.16 lib/cwmp.ts:474-500,
    /// lib/session.ts:658-772), so pruning it would make a precondition `VirtualParameters.vpx > 100`
    /// silently stop matching, and a provision's `declare("VirtualParameters.vpx", …)` find nothing. A
    /// preset's configurations read it too: `age` and `value` on its path, the built-in `refresh` or
    /// `value` provision with it in their arguments (``VirtualParameterReads/init(strings:)``).
    private static func keepVirtualParametersInUse(_ items: inout [Plan.Item], live: LiveArtifacts) {
        let candidates = items.indices.filter { items[$0].kind == .virtualParameter && items[$0].action == .delete }
        guard !candidates.isEmpty else { return }
        var readers: [(kind: String, name: String, reads: VirtualParameterReads)] = []
        for (name, preset) in live.presets.sorted(by: { $0.key < $1.key })
        where OwnershipMarker.preset(SecretTemplates.restored(preset).document) == nil {
            readers.append(("preset", name, VirtualParameterReads(strings: preset.removing("_id"))))
        }
        for (kind, scripts) in [(ArtifactKind.provision, live.provisions), (.virtualParameter, live.virtualParameters)]
        {
            for (name, script) in scripts.sorted(by: { $0.key < $1.key }) where OwnershipMarker.script(script) == nil {
                readers.append((kind.label, name, VirtualParameterReads(script)))
            }
        }
        for index in candidates {
            let users = readers.filter { $0.reads.contains(items[index].name) }
            guard let first = users.first else { continue }
            items[index].action = .unchanged
            let named = users.prefix(3).map { "\($0.kind) \($0.name)" }.joined(separator: ", ")
            items[index].notes.append(
                "kept: \(named)\(users.count > 3 ? ", …" : "") (not Ferrule's) still reads it; take it out of "
                    + (users.count == 1 ? "that \(first.kind)" : "them") + ", then prune"
            )
        }
    }

    /// Whether `text` (a preset's precondition or configurations, a script) reads the virtual
    /// parameter `name` through any path GenieACS would resolve to it (``VirtualParameterReads``):
    /// `VirtualParameters.<name>`, `*.<name>`, `VirtualParameters.*`, `*.*`, an alias segment.
    static func reads(_ text: String, virtualParameter name: String) -> Bool {
        VirtualParameterReads(text).contains(name)
    }

    private static func item(
        for artifact: DesiredArtifact,
        live: LiveArtifacts,
        secrets: SecretStore?,
        scripts: ScriptSecrets
    ) -> Plan.Item {
        let after = displayText(artifact)
        var item = Plan.Item(
            kind: artifact.kind,
            name: artifact.name,
            action: .create,
            drift: false,
            rule: artifact.marker.rule,
            source: artifact.marker.source,
            before: nil,
            after: after,
            notes: []
        )
        switch artifact.content {
        case .preset(let desired):
            item.after = OwnershipMarker.presetContent(SecretTemplates.scrubbed(desired, secrets)).canonicalText
            guard let document = live.presets[artifact.name] else { return item }
            let (restored, values) = SecretTemplates.restored(document)
            let marker = OwnershipMarker.preset(restored)
            let shown = SecretTemplates.shown(document, desired: desired, secrets: secrets)
            item.before = OwnershipMarker.presetContent(shown).canonicalText
            item.liveDigest = OwnershipMarker.hash(ofScriptBody: document.sortedCompactText)
            guard let marker else {
                item.action = .conflict
                return item
            }
            item.drift = OwnershipMarker.contentHash(ofPreset: restored) != marker.hash
            let same =
                OwnershipMarker.presetContent(restored).sortedCompactText
                == OwnershipMarker.presetContent(desired).sortedCompactText && marker.hash == artifact.marker.hash
            if let secrets {
                for (position, value) in values {
                    // Changed only when GenieACS holds the current value nowhere: an edit that moved
                    // the argument (drift, noted below) did not change the secret.
                    if let current = try? SecretTemplates.resolve(position.template, secrets), current != value,
                        !SecretTemplates.holdsArgument(document, current)
                    {
                        item.notes.append(
                            "secret \(SecretTemplates.names(in: position.template).joined(separator: ", ")) changed"
                        )
                    }
                }
            }
            item.action = same && item.notes.isEmpty ? .unchanged : .update
        case .script(let desired):
            let text =
                artifact.kind == .provision ? live.provisions[artifact.name] : live.virtualParameters[artifact.name]
            // Neither side shows a secret value an edit copied in (ScriptSecrets).
            item.after = scripts.shown(compiled: desired)
            guard let text else { return item }
            item.liveDigest = OwnershipMarker.hash(ofScriptBody: text)
            guard let marker = OwnershipMarker.script(text) else {
                item.before = scripts.shown(live: text, compiled: desired, unsure: true)
                item.action = .conflict
                return item
            }
            item.drift = OwnershipMarker.contentHash(ofScript: text) != marker.hash
            item.before = scripts.shown(live: text, compiled: desired, unsure: item.drift)
            // As for presets, the marker's `source=` is not compared: a rule that only moved in
            // its file (a comment added above it) runs the same code and is unchanged.
            let same =
                text == desired
                || (!item.drift && marker.rule == artifact.marker.rule
                    && OwnershipMarker.scriptBody(text) == OwnershipMarker.scriptBody(desired))
            item.action = same ? .unchanged : .update
        }
        if item.drift { item.notes.append("edited in GenieACS since it was deployed") }
        return item
    }

    /// Marker, display text and drift of a live artifact; nil when it is not Ferrule's.
    private static func liveState(
        _ kind: ArtifactKind,
        _ name: String,
        _ live: LiveArtifacts,
        _ secrets: SecretStore?,
        _ scripts: ScriptSecrets
    ) -> (OwnershipMarker, String, Bool)? {
        switch kind {
        case .preset:
            guard let document = live.presets[name] else { return nil }
            let restored = SecretTemplates.restored(document).document
            guard let marker = OwnershipMarker.preset(restored) else { return nil }
            let shown = SecretTemplates.shown(document, desired: nil, secrets: secrets)
            return (
                marker, OwnershipMarker.presetContent(shown).canonicalText,
                OwnershipMarker.contentHash(ofPreset: restored) != marker.hash
            )
        case .provision, .virtualParameter:
            guard let text = kind == .provision ? live.provisions[name] : live.virtualParameters[name],
                let marker = OwnershipMarker.script(text)
            else { return nil }
            let drift = OwnershipMarker.contentHash(ofScript: text) != marker.hash
            return (marker, scripts.shown(live: text, compiled: nil, unsure: drift), drift)
        }
    }

    /// ``Plan/Item/liveDigest`` of a live artifact.
    private static func liveDigest(_ kind: ArtifactKind, _ name: String, _ live: LiveArtifacts) -> String? {
        let raw: String? =
            switch kind {
            case .preset: live.presets[name]?.sortedCompactText
            case .provision: live.provisions[name]
            case .virtualParameter: live.virtualParameters[name]
            }
        return raw.map { OwnershipMarker.hash(ofScriptBody: $0) }
    }

    static func displayText(_ artifact: DesiredArtifact) -> String {
        switch artifact.content {
        case .preset(let document): OwnershipMarker.presetContent(document).canonicalText
        case .script(let text): text
        }
    }
}
