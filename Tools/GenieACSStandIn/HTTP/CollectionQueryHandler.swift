import FerruleJSON
import NIOHTTP1

/// `GET`/`HEAD /<collection>` (GenieACS 1.2.16 lib/nbi.ts:589-697).
struct CollectionQueryHandler {
    let engine: Engine

    func reply(_ r: Request, collection segment: String) throws(WorkerCrash) -> Reply {
        // lib/nbi.ts:592-600: snake_case is converted to camelCase; the method is checked before the name (:602-613).
        let name = Self.camelCase(segment)
        guard r.method == .GET || r.method == .HEAD else { return .methodNotAllowed("GET, HEAD") }
        let inherited = Self.objectPrototypeNames.contains(name)
        guard StandInState.collectionNames.contains(name) || inherited else { return .notFound }
        var filter = Filter.everything
        if let text = r.query["query"] {
            switch NBIRouter.parseJSON(Array(text.utf8)) {
            case .failure(let message): return .text(400, nil, message)
            case .success(let json):
                let kind: QueryCompiler.Collection =
                    switch name {
                    case "devices": .devices
                    case "tasks": .tasks
                    case "faults": .faults
                    default: .plain
                    }
                filter = try QueryCompiler(collection: kind).compile(json)
            }
        }
        if inherited {
            // `collections[name]` finds Object.prototype's members (`constructor`, `toString` …): truthy, so the
            // handler goes on to `collection.find(…)`, which is no function (lib/nbi.ts:608, 652).
            throw WorkerCrash("TypeError: collection.find is not a function")
        }
        var sortJSON: JSONValue?
        if let text = r.query["sort"] {
            switch NBIRouter.parseJSON(Array(text.utf8)) {
            case .failure(let message): return .text(400, nil, message)
            case .success(let json): sortJSON = json
            }
        }
        let query = StandInState.CollectionQuery(
            filter: filter,
            projection: Projection(r.query["projection"]),
            sort: try SortSpec(sortJSON, devices: name == "devices"),
            skip: r.query["skip"].flatMap { ProvisionRun.parseInt($0) }.map(Int.init) ?? 0,
            limit: r.query["limit"].flatMap { ProvisionRun.parseInt($0) }.map { abs(Int($0)) }
        )
        let headOnly = r.method == .HEAD
        if name == "devices" {
            let (total, page) = engine.withState { $0.queryDevices(query) }
            return .collection(total: total, headOnly: headOnly, documents: .devices(page, query.projection))
        }
        let (total, page) = engine.withState { $0.queryDocuments(name, query) }
        return .collection(total: total, headOnly: headOnly, documents: .rendered(page))
    }

    /// The members every JavaScript object inherits; `collections[name]` finds them (lib/db/db.ts:7-22).
    static let objectPrototypeNames: Set<String> = [
        "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString",
        "valueOf", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "__proto__",
    ]

    /// lib/nbi.ts:592-600, step by step: each `_` is replaced by the upper-cased character after it (a trailing
    /// `_` by nothing), and the search for the next `_` resumes after the replaced character, so `a__b` is `a_b`.
    static func camelCase(_ s: String) -> String {
        var name = Array(s.utf16)
        let underscore = UInt16(UInt8(ascii: "_"))
        var i = name.firstIndex(of: underscore) ?? -1
        while i >= 0 {
            i += 1
            var up: [UInt16] = []
            if i < name.count {
                let c = name[i]
                up = [c >= 0x61 && c <= 0x7A ? c - 0x20 : c]
            }
            name = Array(name[..<(i - 1)]) + up + Array(name[min(i + 1, name.count)...])
            i = i < name.count ? (name[i...].firstIndex(of: underscore) ?? -1) : -1
        }
        return String(decoding: name, as: UTF16.self)
    }
}
