import FerruleJSON
import NIOHTTP1

/// `GET`/`HEAD /<collection>` (genieacs-nbi.md §2, §2.1, §13.2).
struct CollectionQueryHandler {
    let engine: Engine

    func reply(_ r: Request, collection segment: String) throws(WorkerCrash) -> Reply {
        // §2.1: snake_case is converted to camelCase.
        let name = Self.camelCase(segment)
        guard StandInState.collectionNames.contains(name) else { return .notFound }
        guard r.method == .GET || r.method == .HEAD else { return .methodNotAllowed("GET, HEAD") }
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

    static func camelCase(_ s: String) -> String {
        var out = ""
        var upper = false
        for c in s {
            if c == "_", !upper {
                upper = true
                continue
            }
            if upper {
                if c.isLowercase, c.isASCII {
                    out += c.uppercased()
                } else {
                    out += "_" + String(c)
                }
                upper = false
            } else {
                out.append(c)
            }
        }
        if upper { out += "_" }
        return out
    }
}
