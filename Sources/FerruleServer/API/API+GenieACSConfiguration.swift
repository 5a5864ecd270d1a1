import FerruleCore
import FerruleJSON
import GenieACS

/// `/genieacs/presets`, `/provisions`, `/files`, `/faults`: GenieACS's collections (GenieACS 1.2.16
/// lib/nbi.ts:72-148, 526-560). GenieACS has no single-resource GET, so one document is a query
/// on `_id`; a delete first checks the document exists (GenieACS answers 200 for a missing one).
extension APIHandler {
    // MARK: Presets

    func genieacsListPresets(_ input: Operations.GenieacsListPresets.Input) async throws
        -> Operations.GenieacsListPresets.Output
    {
        await handle(.cpeRead, "List presets", Operations.GenieacsListPresets.Output.default) { caller in
            let presets = try await caller.acs().presets()
            let secrets = options.secrets(caller.tenant)
            return .ok(.init(body: .json(try presets.map { try Self.preset($0, secrets: secrets) })))
        }
    }

    func genieacsGetPreset(_ input: Operations.GenieacsGetPreset.Input) async throws
        -> Operations.GenieacsGetPreset.Output
    {
        let id = input.path.presetId
        return await handle(.cpeRead, "Get preset", Operations.GenieacsGetPreset.Output.default) { caller in
            .ok(
                .init(
                    body: .json(
                        try Self.preset(
                            try await Self.requireDocument(.presets, id, "Preset", caller.acs()),
                            secrets: options.secrets(caller.tenant)
                        )
                    )
                )
            )
        }
    }

    func genieacsCreatePreset(_ input: Operations.GenieacsCreatePreset.Input) async throws
        -> Operations.GenieacsCreatePreset.Output
    {
        await handle(.cpeWrite, "Failed to create preset", Operations.GenieacsCreatePreset.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            guard (1...100).contains(body.name.count) else {
                throw APIFailure.invalid("Request validation failed: name must be 1–100 characters")
            }
            let acs = try caller.acs()
            if try await Self.document(.presets, body.name, acs) != nil {
                throw APIFailure.conflict(
                    "Preset \(DisplayText.value(body.name)) already exists; change it with PATCH /genieacs/presets/\(body.name)"
                )
            }
            let request = try JSONBridge.encode(body)
            var document: [(String, JSONValue)] = [
                ("weight", .int(body.weight ?? 0)),
                ("channel", .string(body.channel)),
                ("events", request["events"] ?? .object([])),
                ("precondition", .string(body.precondition ?? "")),
                ("configurations", request["configurations"] ?? .array([])),
            ]
            if let schedule = request["schedule"], schedule != .null { document.append(("schedule", schedule)) }
            try await acs.putPreset(body.name, try resolvingSecrets(.object(document), tenant: caller.tenant))
            let stored = try await Self.requireDocument(.presets, body.name, "Preset", acs)
            return .created(.init(body: .json(try Self.preset(stored, secrets: options.secrets(caller.tenant)))))
        }
    }

    func genieacsUpdatePreset(_ input: Operations.GenieacsUpdatePreset.Input) async throws
        -> Operations.GenieacsUpdatePreset.Output
    {
        let id = input.path.presetId
        return await handle(.cpeWrite, "Failed to update preset", Operations.GenieacsUpdatePreset.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let changes = try JSONBridge.encode(body)
            let acs = try caller.acs()
            // A merge: fields not in the request keep their stored values (DotMac replaced the preset
            // with the partial body).
            var document = try await Self.requireDocument(.presets, id, "Preset", acs).removing("_id")
            for (key, value) in changes.objectMembers ?? [] where value != .null {
                document = document.setting(key, to: value)
            }
            try await acs.putPreset(id, try resolvingSecrets(document, tenant: caller.tenant))
            let stored = try await Self.requireDocument(.presets, id, "Preset", acs)
            return .ok(.init(body: .json(try Self.preset(stored, secrets: options.secrets(caller.tenant)))))
        }
    }

    func genieacsDeletePreset(_ input: Operations.GenieacsDeletePreset.Input) async throws
        -> Operations.GenieacsDeletePreset.Output
    {
        let id = input.path.presetId
        return await handle(.cpeWrite, "Failed to delete preset", Operations.GenieacsDeletePreset.Output.default) {
            caller in
            let acs = try caller.acs()
            _ = try await Self.requireDocument(.presets, id, "Preset", acs)
            try await acs.deletePreset(id)
            return .noContent(.init())
        }
    }

    /// `preset` as GenieACS must store it: the `${secret:NAME}` placeholders a GET showed (where a
    /// deploy filled in secret values) filled in from the tenant's secrets again and their places
    /// recorded in Ferrule's marker, so a read-modify-write keeps the secret instead of writing the
    /// placeholder's text to the CPEs. A placeholder needs that marker (only then can a GET show it
    /// again instead of the value) and a value in the tenant's `secrets_file`: 422 otherwise.
    func resolvingSecrets(_ preset: JSONValue, tenant: String) throws -> JSONValue {
        if let (place, names) = Self.placeholderOutsideArguments(preset) {
            let named = names.map { "${secret:\(DisplayText.value($0))}" }.joined(separator: ", ")
            throw APIFailure.invalid(
                "Request validation failed: \(place) holds \(named); secret placeholders stand only in "
                    + "provision arguments (configurations[].args), where GenieACS never shows them"
            )
        }
        for (c, configuration) in (preset["configurations"]?.arrayValue ?? []).enumerated() {
            for (a, argument) in (configuration["args"]?.arrayValue ?? []).enumerated()
            where argument.stringValue?.contains(SecretTemplates.mask) == true {
                throw APIFailure.invalid(
                    "Request validation failed: configurations[\(c)].args[\(a)] holds \(SecretTemplates.mask), which a read "
                        + "shows in place of an argument that may hold a secret (the preset was edited in GenieACS "
                        + "since Ferrule deployed it); send the value itself, or ${secret:NAME}, in its place"
                )
            }
        }
        let positions = SecretTemplates.positions(in: preset)
        guard let first = positions.first else { return preset }
        let names = positions.flatMap { SecretTemplates.names(in: $0.template) }
        let named = Set(names).sorted().map { "${secret:\(DisplayText.value($0))}" }.joined(separator: ", ")
        guard preset["ferrule"] != nil else {
            throw APIFailure.invalid(
                "Request validation failed: configurations[\(first.configuration)].args[\(first.argument)] holds "
                    + "\(named); only presets Ferrule deployed (with their ferrule marker) keep secret placeholders: "
                    + "deploy it from rules, or send the value itself"
            )
        }
        do {
            return try SecretTemplates.resolved(preset, options.secrets(tenant))
        } catch {
            throw APIFailure.invalid(
                "Request validation failed: configurations hold ${secret:\(DisplayText.value(error.name))} and tenant "
                    + "\(DisplayText.value(tenant)) has no value for it; add \(DisplayText.value(error.name))=… to the "
                    + "tenant's secrets_file"
            )
        }
    }

    /// The first place outside provision arguments (`channel`, `precondition`, a configuration's
    /// `name` or `value` …) whose text holds `${secret:…}`, and the names there: GenieACS would
    /// store and show such text as it is.
    static func placeholderOutsideArguments(_ preset: JSONValue) -> (String, [String])? {
        func search(_ value: JSONValue, _ place: String, depth: Int) -> (String, [String])? {
            guard depth < 64 else { return nil }
            switch value {
            case .string(let text):
                let names = SecretTemplates.names(in: text)
                return names.isEmpty ? nil : (place, names)
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if let found = search(item, "\(place)[\(index)]", depth: depth + 1) { return found }
                }
            case .object(let members):
                for (key, member) in members {
                    // A configuration's `args` are the secret positions (``SecretTemplates/positions(in:)``).
                    if key == "args", place.hasPrefix("configurations["), depth == 2 { continue }
                    // Ferrule's marker records the placeholders' places; no device sees it.
                    if key == "ferrule", depth == 0 { continue }
                    let inner = place.isEmpty ? DisplayText.value(key) : "\(place).\(DisplayText.value(key))"
                    if let found = search(member, inner, depth: depth + 1) { return found }
                }
            default: break
            }
            return nil
        }
        return search(preset, "", depth: 0)
    }

    /// DotMac's `PresetResponse`: `name` is the `_id`. Arguments a deploy filled with secret
    /// values show their `${secret:NAME}` placeholders again, and no value of the tenant's
    /// `secrets` or that a deploy filled in shows anywhere, even where an edit in GenieACS moved it
    /// (``SecretTemplates/shown(_:desired:secrets:)``, as plan shows it).
    static func preset(_ live: JSONValue, secrets: SecretStore) throws -> Components.Schemas.PresetResponse {
        let document = SecretTemplates.shown(live, desired: nil, secrets: secrets)
        let id = document["_id"]?.stringValue ?? ""
        var members: [(String, JSONValue)] = [
            ("_id", .string(id)),
            ("name", .string(id)),
            ("channel", .string(document["channel"]?.stringValue ?? "")),
            ("events", document["events"].flatMap { $0.objectMembers == nil ? nil : $0 } ?? .object([])),
            ("configurations", document["configurations"].flatMap { $0.arrayValue == nil ? nil : $0 } ?? .array([])),
        ]
        if let precondition = document["precondition"]?.stringValue {
            members.append(("precondition", .string(precondition)))
        }
        if let weight = document["weight"]?.intValue { members.append(("weight", .int(weight))) }
        if let schedule = document["schedule"], schedule.objectMembers != nil { members.append(("schedule", schedule)) }
        do {
            return try JSONBridge.decode(Components.Schemas.PresetResponse.self, from: .object(members))
        } catch {
            throw APIFailure.upstreamDocument("preset", error)
        }
    }

    // MARK: Provisions

    func genieacsListProvisions(
        _ input: Operations.GenieacsListProvisions.Input
    ) async throws -> Operations.GenieacsListProvisions.Output {
        await handle(.cpeRead, "List provisions", Operations.GenieacsListProvisions.Output.default) { caller in
            let provisions = try await caller.acs().provisions()
            return .ok(.init(body: .json(provisions.map { .init(_id: $0.name, script: $0.script) })))
        }
    }

    func genieacsGetProvision(_ input: Operations.GenieacsGetProvision.Input) async throws
        -> Operations.GenieacsGetProvision.Output
    {
        let id = input.path.provisionId
        return await handle(.cpeRead, "Get provision", Operations.GenieacsGetProvision.Output.default) { caller in
            let document = try await Self.requireDocument(.provisions, id, "Provision", caller.acs())
            return .ok(.init(body: .json(.init(_id: id, script: document["script"]?.stringValue ?? ""))))
        }
    }

    // MARK: Files

    func genieacsListFiles(_ input: Operations.GenieacsListFiles.Input) async throws
        -> Operations.GenieacsListFiles.Output
    {
        await handle(.cpeRead, "List files", Operations.GenieacsListFiles.Output.default) { caller in
            let files = try await caller.acs().query(.files, CollectionQuery(sort: [("_id", 1)])).items
            return .ok(.init(body: .json(try files.map(Self.file))))
        }
    }

    func genieacsGetFile(_ input: Operations.GenieacsGetFile.Input) async throws -> Operations.GenieacsGetFile.Output {
        let id = input.path.fileId
        return await handle(.cpeRead, "Get file", Operations.GenieacsGetFile.Output.default) { caller in
            .ok(.init(body: .json(try Self.file(try await Self.requireDocument(.files, id, "File", caller.acs())))))
        }
    }

    func genieacsDeleteFile(_ input: Operations.GenieacsDeleteFile.Input) async throws
        -> Operations.GenieacsDeleteFile.Output
    {
        let id = input.path.fileId
        return await handle(.cpeWrite, "Failed to delete file", Operations.GenieacsDeleteFile.Output.default) {
            caller in
            let admin = try caller.administration()
            _ = try await Self.requireDocument(.files, id, "File", caller.acs())
            try await admin.deleteFile(id)
            return .noContent(.init())
        }
    }

    /// DotMac's `FileResponse`, with `upload_date` from GridFS's `uploadDate` (DotMac left it null).
    static func file(_ document: JSONValue) throws -> Components.Schemas.FileResponse {
        var members: [(String, JSONValue)] = [
            ("_id", document["_id"] ?? .string("")),
            ("metadata", document["metadata"].flatMap { $0.objectMembers == nil ? nil : $0 } ?? .object([])),
        ]
        if let length = document["length"]?.intValue { members.append(("length", .int(length))) }
        if let date = document["uploadDate"]?.stringValue, APITime.milliseconds(iso: date) != nil {
            members.append(("upload_date", .string(date)))
        }
        do {
            return try JSONBridge.decode(Components.Schemas.FileResponse.self, from: .object(members))
        } catch {
            throw APIFailure.upstreamDocument("file", error)
        }
    }

    // MARK: Faults

    func genieacsListFaults(_ input: Operations.GenieacsListFaults.Input) async throws
        -> Operations.GenieacsListFaults.Output
    {
        await handle(.cpeRead, "List faults", Operations.GenieacsListFaults.Output.default) { caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit, maximum: 1000)
            let filter = input.query.deviceId.map { JSONValue.object([("device", .string($0))]) }
            let faults = try await caller.acs().query(
                .faults,
                CollectionQuery(query: filter, sort: [("_id", 1)], skip: skip, limit: limit)
            ).items
            return .ok(.init(body: .json(try faults.map(Self.fault))))
        }
    }

    func genieacsDeleteFault(_ input: Operations.GenieacsDeleteFault.Input) async throws
        -> Operations.GenieacsDeleteFault.Output
    {
        let id = input.path.faultId
        return await handle(.cpeWrite, "Failed to delete fault", Operations.GenieacsDeleteFault.Output.default) {
            caller in
            let acs = try caller.acs()
            _ = try await Self.requireDocument(.faults, id, "Fault", acs)
            try await acs.deleteFault(id)
            return .noContent(.init())
        }
    }

    /// DotMac's `FaultResponse` from a GenieACS fault (GenieACS 1.2.16 lib/cwmp/db.ts fault documents).
    static func fault(_ document: JSONValue) throws -> Components.Schemas.FaultResponse {
        var members: [(String, JSONValue)] = [
            ("_id", document["_id"] ?? .string("")),
            ("device", document["device"] ?? .string("")),
            ("channel", document["channel"] ?? .string("")),
            ("code", .string(document["code"]?.stringValue ?? document["code"].map(\.compactText) ?? "")),
            ("message", .string(document["message"]?.stringValue ?? "")),
            ("timestamp", document["timestamp"] ?? .string("1970-01-01T00:00:00Z")),
            ("retries", .int(document["retries"]?.intValue ?? 0)),
        ]
        if let detail = document["detail"], detail.objectMembers != nil { members.append(("detail", detail)) }
        do {
            return try JSONBridge.decode(Components.Schemas.FaultResponse.self, from: .object(members))
        } catch {
            throw APIFailure.upstreamDocument("fault", error)
        }
    }

    // MARK: One document

    /// The document of `collection` with this `_id`, nil when there is none.
    static func document(_ collection: NBICollection, _ id: String, _ acs: any GenieACSNBI) async throws -> JSONValue? {
        try await acs.query(collection, CollectionQuery(query: .object([("_id", .string(id))]), limit: 1)).items.first
    }

    /// ``document(_:_:_:)`` or 404 `<What> <id> not found` (DotMac's texts).
    static func requireDocument(
        _ collection: NBICollection,
        _ id: String,
        _ what: String,
        _ acs: any GenieACSNBI
    ) async throws -> JSONValue {
        guard let document = try await document(collection, id, acs) else {
            throw APIFailure.notFound("\(what) \(DisplayText.value(id)) not found")
        }
        return document
    }
}
