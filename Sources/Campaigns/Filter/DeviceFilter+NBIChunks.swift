public import FerruleJSON

extension DeviceFilter {
    /// The most URL-encoded characters of `$in`/`$nin` values one device query carries.
    ///
    /// GenieACS reads the query from the URL of a `GET /devices/?query=…`, and Node.js refuses a
    /// request whose request line and headers exceed 16 KiB (`--max-http-header-size`, default
    /// 16384 since Node 13; GenieACS 1.2.16 sets no other) with `431 Request Header Fields Too
    /// Large`. 5000 device ids in one `$in` make a 150 KB URL; already about 550 exceed the limit.
    /// With the values under 8,000 characters the whole URL (paths, projection, paging) stays
    /// well under 16 KiB.
    public static let maxListCharactersPerQuery = 8000

    /// The coarse GenieACS device queries whose results together are ``nbiQuery()``'s: one query
    /// when its lists are short; otherwise the longest `$in` list split into chunks of at most
    /// `limit` URL-encoded characters as sent (a value may go as several clauses: a regex for a
    /// wildcard or an OUI, one per path of `software_version`), one query per chunk (the other conditions in each), and any
    /// other list longer than a quarter of `limit` left out (``matches(_:)`` still applies it, so
    /// the queries only select more). `[nil]` when there is nothing to send.
    ///
    /// A device may match several chunks only through the values of other conditions; callers
    /// merge the results by `_id` (``CampaignResolver`` does).
    public func nbiQueries(limit: Int = DeviceFilter.maxListCharactersPerQuery) -> [JSONValue?] {
        let lists = conditions.indices.compactMap { index -> (index: Int, size: Int)? in
            switch conditions[index].op {
            case .in(let values), .nin(let values):
                (index, values.reduce(0) { $0 + conditions[index].sentSize(of: $1) })
            default: nil
            }
        }
        guard lists.map(\.size).reduce(0, +) > limit else { return [nbiQuery()] }
        var narrowed = self
        // The longest `$in` is split; a `$nin` is never split (each chunk would exclude too little:
        // fine, but no less to send), only left out when long.
        let split = lists.filter {
            if case .in = conditions[$0.index].op { true } else { false }
        }.max { $0.size < $1.size }
        for list in lists where list.index != split?.index && list.size > limit / 4 {
            narrowed.conditions[list.index].op = .in([])
        }
        narrowed.conditions.removeAll { if case .in(let values) = $0.op { values.isEmpty } else { false } }
        guard let split, case .in(let values) = conditions[split.index].op else { return [narrowed.nbiQuery()] }
        let position = narrowed.conditions.firstIndex(of: conditions[split.index]) ?? 0
        let condition = conditions[split.index]
        return values.batched(count: .max, characters: limit) { condition.sentSize(of: $0) }.map { chunk in
            var query = narrowed
            query.conditions[position].op = .in(chunk)
            return query.nbiQuery()
        }
    }

    /// The characters `values` take in a query URL: their JSON text, comma-separated, with every
    /// byte outside `A-Z a-z 0-9 - . _ ~` counted as its three-character percent-encoding.
    static func encodedSize(_ values: [JSONValue]) -> Int {
        var size = 0
        for value in values {
            for byte in value.compactText.utf8 {
                let unreserved =
                    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
                size += unreserved ? 1 : 3
            }
            size += 3
        }
        return size
    }
}

extension FilterCondition {
    /// The URL-encoded characters `value` of this list adds to the query as sent: the clauses
    /// ``nbiParts()`` writes for it alone (an over-estimate: shared paths counted per value).
    func sentSize(of value: JSONValue) -> Int {
        var single = self
        switch op {
        case .nin: single.op = .nin([value])
        default: single.op = .in([value])
        }
        return DeviceFilter.encodedSize(single.nbiParts())
    }
}
