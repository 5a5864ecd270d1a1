import GenieACS
public import PONTriggers

/// Device tags for the hosted event consumer's trigger actions, counted like every other GenieACS
/// call (`operation="add tag"`, `"remove tag"`).
extension InstrumentedNBI: TriggerACS {
    public func addTag(_ tag: String, to device: String) async throws {
        try await measure("add tag") { try await tagging().addTag(tag, to: device) }
    }

    public func removeTag(_ tag: String, from device: String) async throws {
        try await measure("remove tag") { try await tagging().removeTag(tag, from: device) }
    }

    /// The wrapped client, which is an ``NBIClient`` for every configured tenant.
    private func tagging() throws -> any TriggerACS {
        guard let client = base as? any TriggerACS else { throw TaggingUnsupported(url: base.baseURL) }
        return client
    }
}

/// The wrapped GenieACS client cannot tag devices (a test double without tags).
struct TaggingUnsupported: Error, CustomStringConvertible {
    let url: String
    var description: String { "the GenieACS client for \(url) cannot add or remove device tags" }
}
