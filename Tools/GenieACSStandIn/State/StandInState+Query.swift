import FerruleJSON

/// `GET`/`HEAD /<collection>` (GenieACS 1.2.16 lib/nbi.ts:589-697; lib/query.ts:19-127).
extension StandInState {
    /// A parsed collection query.
    struct CollectionQuery {
        var filter: Filter
        var projection: Projection?
        var sort: SortSpec
        var skip: Int
        /// nil or 0 = no limit (MongoDB's `limit(0)`).
        var limit: Int?
    }

    /// Matching devices, sorted and paged: the total of all matches and the indices of the page.
    func queryDevices(_ q: CollectionQuery) -> (total: Int, page: [Int]) {
        let c = q.filter.constraint(on: "_id")
        var exact: [Int]?
        var range = 0..<devices.count
        if let ids = c.exact {
            exact = ids.compactMap { deviceIndex[$0] }.sorted()
        } else {
            var lo = 0
            var hi = devices.count
            if let lower = c.lower {
                lo = partition {
                    lower.inclusive
                        ? !$0.utf8.lexicographicallyPrecedes(lower.value.utf8)
                        : lower.value.utf8.lexicographicallyPrecedes($0.utf8)
                }
            }
            if let upper = c.upper {
                hi = partition {
                    upper.inclusive
                        ? upper.value.utf8.lexicographicallyPrecedes($0.utf8)
                        : !$0.utf8.lexicographicallyPrecedes(upper.value.utf8)
                }
            }
            range = lo < hi ? lo..<hi : 0..<0
        }
        if q.filter.isOnly("_id"), q.sort.isEmpty || q.sort.idOnly != nil {
            // Every registered candidate matches (`_id` paging of a whole fleet): count them and take the page
            // without testing or collecting a million documents per page.
            return exact.map { idOnlyPage($0, q) } ?? idOnlyPage(range, q)
        }
        let candidates = exact ?? Array(range)
        var matched: [Int] = []
        matched.reserveCapacity(candidates.count)
        for i in candidates where devices[i].registered {
            if q.filter.matches(DeviceView(device: devices[i], model: models[devices[i].model])) { matched.append(i) }
        }
        if let ascending = q.sort.idOnly {
            if !ascending { matched.reverse() }
        } else if !q.sort.isEmpty {
            let keyed = matched.map {
                ($0, q.sort.sortKeys(DeviceView(device: devices[$0], model: models[devices[$0].model])))
            }
            matched = keyed.sorted { q.sort.precedes($0.1, $1.1) }.map(\.0)
        }
        return (matched.count, Self.page(matched, skip: q.skip, limit: q.limit))
    }

    /// The total and page of an `_id`-only query over candidates in `_id` order: the registered ones all match.
    private func idOnlyPage<C: BidirectionalCollection<Int>>(_ candidates: C, _ q: CollectionQuery) -> (Int, [Int]) {
        let total = candidates.count - unregisteredCount(in: candidates)
        let skip = max(0, q.skip)
        let want = q.limit.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
        var page: [Int] = []
        var skipped = 0
        func take(_ i: Int) -> Bool {
            guard devices[i].registered else { return true }
            if skipped < skip {
                skipped += 1
                return true
            }
            page.append(i)
            return page.count < want
        }
        if q.sort.idOnly == false {
            for i in candidates.reversed() where !take(i) { break }
        } else {
            for i in candidates where !take(i) { break }
        }
        return (total, page)
    }

    /// Devices without a GenieACS document among `candidates` (none unless some were deleted).
    private func unregisteredCount<C: Collection<Int>>(in candidates: C) -> Int {
        guard unregisteredDevices > 0 else { return 0 }
        return candidates.lazy.filter { !devices[$0].registered }.count
    }

    /// The first device index whose id satisfies `after` (ids are sorted, `after` is monotonic).
    private func partition(_ after: (String) -> Bool) -> Int {
        var lo = 0
        var hi = devices.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if after(devices[mid].id) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Device documents as compact JSON.
    func renderDevices(_ indices: ArraySlice<Int>, projection: Projection?) -> [String] {
        // One projection plan per fixture model for the whole page.
        var plans: [Int: DeviceDocumentWriter.TreePlan] = [:]
        return indices.map { i in
            let device = devices[i]
            let model = models[device.model]
            let plan =
                plans[device.model]
                ?? {
                    let made = DeviceDocumentWriter.TreePlan(model: model, root: projection?.root)
                    plans[device.model] = made
                    return made
                }()
            var out = ""
            DeviceDocumentWriter.write(
                DeviceView(device: device, model: model),
                projection: projection,
                plan: plan,
                into: &out
            )
            return out
        }
    }

    /// Any other collection: the total of all matches and the page's documents as compact JSON.
    func queryDocuments(_ collection: String, _ q: CollectionQuery) -> (total: Int, page: [String]) {
        let docs: [JSONValue]
        var dateKeys: Set<String> = []
        switch collection {
        case "tasks":
            dateKeys = ["timestamp", "expiry"]
            let ids = candidates(q.filter, byID: tasks.keys, byDevice: tasksByDevice)
            docs = ids.compactMap { tasks[$0] }.sorted { $0.seq < $1.seq }.map(\.document)
        case "faults":
            dateKeys = ["timestamp", "expiry"]
            let ids = candidates(q.filter, byID: faults.keys, byDevice: faultsByDevice.mapValues(Array.init))
            docs = ids.compactMap { faults[$0] }.sorted { $0.seq < $1.seq }.map(\.document)
        case "operations":
            dateKeys = ["timestamp"]
            docs = operations.values.sorted { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }.map(\.document)
        default:
            let collection = documents[collection] ?? DocumentCollection()
            dateKeys = collection.dateKeys
            let exact = q.filter.constraint(on: "_id").exact
            docs =
                exact.map { ids in collection.ordered.filter { ids.contains($0["_id"]?.stringValue ?? "") } }
                ?? collection.ordered
        }
        // An `_id` list is answered exactly by the lookups above (operations are never looked up by id).
        let exactByID =
            collection != "operations" && q.filter.constraint(on: "_id").exact != nil && q.filter.isOnly("_id")
        var matched = exactByID ? docs : docs.filter { q.filter.matches(JSONDocument(json: $0, dateKeys: dateKeys)) }
        if !q.sort.isEmpty {
            let keyed = matched.map { ($0, q.sort.sortKeys(JSONDocument(json: $0, dateKeys: dateKeys))) }
            matched = keyed.sorted { q.sort.precedes($0.1, $1.1) }.map(\.0)
        }
        let page = Self.page(matched, skip: q.skip, limit: q.limit)
        return (matched.count, page.map { (q.projection?.apply($0) ?? $0).compactText })
    }

    private func candidates<Keys: Collection<String>>(
        _ filter: Filter,
        byID all: Keys,
        byDevice: [String: [String]]
    ) -> [String] {
        if let ids = filter.constraint(on: "_id").exact { return Array(ids) }
        if let devices = filter.constraint(on: "device").exact { return devices.flatMap { byDevice[$0] ?? [] } }
        return Array(all)
    }

    private static func page<T>(_ items: [T], skip: Int, limit: Int?) -> [T] {
        let start = min(max(0, skip), items.count)
        // `start + limit` would overflow for a limit near Int.max: compare with what is left instead.
        let end = limit.map { $0 > 0 && $0 < items.count - start ? start + $0 : items.count } ?? items.count
        return Array(items[start..<end])
    }
}
