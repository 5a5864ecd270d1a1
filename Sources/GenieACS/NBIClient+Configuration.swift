import CurlHTTP
public import FerruleJSON

/// A stored provision or virtual parameter: `{_id, script}`.
public struct StoredScript: Sendable, Hashable {
    public var name: String
    public var script: String

    public init(name: String, script: String) {
        self.name = name
        self.script = script
    }
}

extension NBIClient {
    /// `PUT /presets/<name>`. GenieACS stores the document as-is, without validation (GenieACS 1.2.16
    /// lib/cwmp/local-cache.ts:65-171; lib/local-cache.ts:33-53): a malformed preset can stall every CWMP session.
    /// Callers check with ``PresetCheck`` first.
    public func putPreset(_ name: String, _ document: JSONValue) async throws {
        try await expect(
            "PUT",
            "/presets/\(NBIPath.segment(name))",
            body: Array(document.removing("_id").compactText.utf8)
        )
    }

    /// `DELETE /presets/<name>` (200 also when absent).
    public func deletePreset(_ name: String) async throws {
        try await expect("DELETE", "/presets/\(NBIPath.segment(name))")
    }

    /// PUTs a script as GenieACS takes it: the raw JavaScript as the body; GenieACS answers 400
    /// `SyntaxError: …` when the script does not compile (GenieACS 1.2.16 lib/nbi.ts:142-148).
    public func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws {
        try await expect(
            "PUT",
            "/\(kind.collection.rawValue)/\(NBIPath.segment(name))",
            body: Array(script.utf8),
            headers: [HTTPHeader("Content-Type", "application/javascript")]
        )
    }

    public func deleteScript(_ kind: ScriptKind, _ name: String) async throws {
        try await expect("DELETE", "/\(kind.collection.rawValue)/\(NBIPath.segment(name))")
    }

    // MARK: Objects (legacy add_object/delete_object configurations)

    public func putObject(_ name: String, _ document: JSONValue) async throws {
        try await expect("PUT", "/objects/\(NBIPath.segment(name))", body: Array(document.compactText.utf8))
    }

    public func deleteObject(_ name: String) async throws {
        try await expect("DELETE", "/objects/\(NBIPath.segment(name))")
    }

    // MARK: Devices and tags (GenieACS 1.2.16 lib/nbi.ts:202-237)

    /// `POST /devices/<id>/tags/<tag>`; throws 404 `No such device`.
    public func addTag(_ tag: String, to device: String) async throws {
        try await expect("POST", "/devices/\(NBIPath.segment(device))/tags/\(NBIPath.segment(tag))")
    }

    public func removeTag(_ tag: String, from device: String) async throws {
        try await expect("DELETE", "/devices/\(NBIPath.segment(device))/tags/\(NBIPath.segment(tag))")
    }

    /// `DELETE /devices/<id>`: removes the device, its tasks and faults; it re-registers at its next Inform.
    public func deleteDevice(_ device: String) async throws {
        try await expect("DELETE", "/devices/\(NBIPath.segment(device))")
    }
}

extension GenieACSNBI {
    // MARK: Presets (GenieACS 1.2.16 lib/nbi.ts:78-95; lib/cwmp/local-cache.ts:65-183)

    /// Every preset document, `_id` included.
    public func presets() async throws -> [JSONValue] {
        try await query(.presets, CollectionQuery(sort: [("_id", 1)])).items
    }

    // MARK: Provisions and virtual parameters (GenieACS 1.2.16 lib/nbi.ts:142-148; lib/sandbox.ts)

    public func provisions() async throws -> [StoredScript] {
        try await scripts(.provisions)
    }

    /// `PUT /provisions/<name>`; GenieACS answers 400 `SyntaxError: …` when the script does not compile.
    public func putProvision(_ name: String, script: String) async throws {
        try await putScript(.provision, name, script: script)
    }

    public func deleteProvision(_ name: String) async throws {
        try await deleteScript(.provision, name)
    }

    public func virtualParameters() async throws -> [StoredScript] {
        try await scripts(.virtualParameters)
    }

    /// `PUT /virtual_parameters/<name>`; checked like provisions.
    public func putVirtualParameter(_ name: String, script: String) async throws {
        try await putScript(.virtualParameter, name, script: script)
    }

    public func deleteVirtualParameter(_ name: String) async throws {
        try await deleteScript(.virtualParameter, name)
    }

    private func scripts(_ collection: NBICollection) async throws -> [StoredScript] {
        try await query(collection, CollectionQuery(sort: [("_id", 1)])).items.compactMap { item in
            guard let name = item["_id"]?.stringValue else { return nil }
            return StoredScript(name: name, script: item["script"]?.stringValue ?? "")
        }
    }

    /// One device document, or nil (there is no single-resource GET; GenieACS 1.2.16 lib/nbi.ts:101-104, 602-606).
    public func device(_ id: String, projection: [String] = []) async throws -> JSONValue? {
        try await query(.devices, CollectionQuery(query: .object([("_id", .string(id))]), projection: projection))
            .items.first
    }
}
