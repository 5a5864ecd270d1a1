public import FerruleJSON

/// Ferrule's SADIS data: the ONOS network-configuration document of the `org.opencord.sadis` app,
/// `{"sadis": {"entries": [...]}, "bandwidthprofile": {"entries": [...]}}` (the shape BBSim
/// serves at `/v2/static`, `bbsim:internal/bbsim/responders/sadis/sadis.go` `SadisConfig`).
///
/// Operators keep it in git next to their rules; ``SadisServer`` serves its entries to ONOS and
/// provisioning adds and removes subscriber entries. Members Ferrule does not know (OLT entries,
/// `integration` blocks, extra fields) are kept as they are.
public struct SadisDocument: Sendable, Hashable {
    /// The whole document.
    public private(set) var root: JSONValue

    /// An empty document.
    public init() {
        root = .object([
            ("sadis", .object([("entries", .array([]))])),
            ("bandwidthprofile", .object([("entries", .array([]))])),
        ])
    }

    /// Parses a document; `file` names it in errors.
    ///
    /// - Throws: ``VolthaError`` `sadis` with `file:line:col` for bad JSON or a bad profile.
    public init(bytes: [UInt8], file: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw VolthaError(
                .sadis,
                "\(file):\(error.line):\(error.column): error[sadis]: \(error.message)",
                target: ""
            )
        }
        guard case .object = value else {
            throw VolthaError(
                .sadis,
                "\(file):1:1: error[sadis]: expected an object with \"sadis\" and \"bandwidthprofile\"",
                target: ""
            )
        }
        root = value
        for entry in root["bandwidthprofile"]?["entries"]?.arrayValue ?? [] {
            do {
                _ = try BandwidthProfile(json: entry)
            } catch {
                throw VolthaError(.sadis, "\(file): error[sadis]: \(error.description)", target: "")
            }
        }
        // Two entries with one id: lookups answer the first, provisioning would change one and
        // deprovisioning leave the other served. Refused, as ambiguous, wherever the file is read.
        var seen: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard let id = entry["id"]?.stringValue else { continue }
            if let first = seen[id] {
                throw VolthaError(
                    .sadis,
                    "\(file): error[sadis]: id \"\(id.shortened(80))\" is in sadis.entries twice (entries \(first + 1) "
                        + "and \(index + 1)): ONOS would be served only the first, and provisioning would change only "
                        + "one of them. Merge them into one entry (a UNI's services all go in its uniTagList)",
                    target: ""
                )
            }
            seen[id] = index
        }
    }

    /// The SADIS entries (subscribers and OLTs) as they are in the file.
    public var entries: [JSONValue] { root["sadis"]?["entries"]?.arrayValue ?? [] }

    /// The subscriber entries (those with a `uniTagList`).
    public var subscribers: [SubscriberEntry] { entries.compactMap(SubscriberEntry.init(json:)) }

    /// The bandwidth profiles (validated when the document was read).
    public var bandwidthProfiles: [BandwidthProfile] {
        (root["bandwidthprofile"]?["entries"]?.arrayValue ?? []).compactMap { try? BandwidthProfile(json: $0) }
    }

    /// The SADIS entry (subscriber or OLT) with this id.
    public func entry(id: String) -> JSONValue? { entries.first { $0["id"]?.stringValue == id } }

    /// The bandwidth profile entry with this id.
    public func bandwidthProfile(id: String) -> JSONValue? {
        (root["bandwidthprofile"]?["entries"]?.arrayValue ?? []).first { $0["id"]?.stringValue == id }
    }

    /// Adds `entry`, or writes it over the entry with the same id (``merging(_:into:)``: what
    /// Ferrule does not model of the old entry stays).
    public mutating func upsert(_ entry: SubscriberEntry) {
        var list = entries
        if let index = list.firstIndex(where: { $0["id"]?.stringValue == entry.id }) {
            list[index] = Self.merging(entry.json, into: list[index])
        } else {
            list.append(entry.json)
        }
        setEntries(list)
    }

    /// `new` written over `old`: the operator's members Ferrule does not model (`nasId`, a service's
    /// `isIgmpRequired`, `usPonCTagPriority`, `enableMacLearning`, `configuredMacAddress`,
    /// `upstreamOltBandwidthProfile`, …) stay. The services are `new`'s, each over the old service of
    /// the same name; old services Ferrule cannot read (tags that are not numbers) stay after them.
    static func merging(_ new: JSONValue, into old: JSONValue) -> JSONValue {
        guard case .object(let members) = new, case .object = old else { return new }
        var result = old
        for (key, value) in members where key != "uniTagList" { result = result.setting(key, to: value) }
        let oldServices = old["uniTagList"]?.arrayValue ?? []
        var byName: [String: JSONValue] = [:]
        for service in oldServices where SubscriberService(json: service) != nil {
            if let name = service["serviceName"]?.stringValue, byName[name] == nil { byName[name] = service }
        }
        var services = (new["uniTagList"]?.arrayValue ?? []).map { service -> JSONValue in
            guard case .object(let fields) = service, let name = service["serviceName"]?.stringValue,
                var merged = byName[name]
            else { return service }
            for (key, value) in fields { merged = merged.setting(key, to: value) }
            return merged
        }
        services += oldServices.filter { SubscriberService(json: $0) == nil }
        return result.setting("uniTagList", to: .array(services))
    }

    /// Takes `service` out of the entry `id`, and the entry out when no service is left in it
    /// (also none Ferrule cannot read); the other services and fields stay.
    public mutating func removeService(_ service: SubscriberService, from id: String) {
        guard let raw = entry(id: id), var current = SubscriberEntry(json: raw) else { return }
        current.services.removeAll { $0 == service }
        let unread = (raw["uniTagList"]?.arrayValue ?? []).filter { SubscriberService(json: $0) == nil }
        if current.services.isEmpty && unread.isEmpty {
            remove(id: id)
        } else {
            upsert(current)
        }
    }

    /// Removes the entry `id`; returns it, or nil when there was none.
    @discardableResult
    public mutating func remove(id: String) -> SubscriberEntry? {
        var list = entries
        guard let index = list.firstIndex(where: { $0["id"]?.stringValue == id }) else { return nil }
        let removed = SubscriberEntry(json: list.remove(at: index))
        setEntries(list)
        return removed
    }

    private mutating func setEntries(_ list: [JSONValue]) {
        let sadis = (root["sadis"] ?? .object([])).setting("entries", to: .array(list))
        root = root.setting("sadis", to: sadis)
    }

    /// The file text: canonical JSON (sorted keys, two-space indent), so diffs stay small.
    public var text: String { root.canonicalText }
}
