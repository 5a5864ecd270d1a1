/// What `deploy` would change in GenieACS, artifact by artifact.
public struct Plan: Sendable {
    /// One artifact's fate.
    public struct Item: Sendable, Hashable {
        public enum Action: String, Sendable, Hashable {
            case create, update, delete, unchanged
            /// Exists in GenieACS without Ferrule's marker and has the name of a desired artifact.
            case conflict
        }

        public var kind: ArtifactKind
        public var name: String
        public var action: Action
        /// The live artifact no longer matches its own marker: edited in GenieACS since deploy.
        public var drift: Bool
        /// The rule it comes from (desired, or the live marker's for deletes).
        public var rule: String
        /// `file:line:column` of the rule.
        public var source: String
        /// Text as GenieACS holds it (secret arguments shown as their placeholders); nil for creates.
        public var before: String?
        /// Text as deploy would write it (placeholders, never values); nil for deletes.
        public var after: String?
        /// Extra facts (`secret wifi_psk changed`).
        public var notes: [String]
        /// A digest of the live artifact as GenieACS holds it, unmasked: deploy tells by it whether
        /// GenieACS changed since the plan where ``before`` masks the change. Never printed (a
        /// digest of a short secret could be searched for).
        var liveDigest: String? = nil
    }

    /// Every desired or owned artifact, in kind and name order.
    public var items: [Item]
    /// Live artifacts without Ferrule's marker and not desired: left alone.
    public var unmanaged: [(kind: ArtifactKind, name: String)]
    /// Whether secret values were compared (a secrets source was given).
    public var secretsCompared: Bool

    /// Items that change something (create, update, delete).
    public var changes: [Item] { items.filter { [.create, .update, .delete].contains($0.action) } }
    public var conflicts: [Item] { items.filter { $0.action == .conflict } }
    public var drifted: [Item] { items.filter(\.drift) }

    public func count(_ action: Item.Action) -> Int { items.filter { $0.action == action }.count }

    /// Whether deploy (with `prune` or not) has work to do.
    public func hasChanges(prune: Bool) -> Bool {
        items.contains { $0.action == .create || $0.action == .update || ($0.action == .delete && prune) }
    }
}
