import FerruleJSON

/// The stand-in's collection-query pipeline on arbitrary input, for `Fuzz/Sources/fuzz-standin-query`: the `query`
/// and `sort` texts of `GET /<collection>` (GenieACS 1.2.16 lib/nbi.ts:615-671) compiled and run over a small fixed
/// set of documents, device-style and plain. Every outcome is an answer or a simulated worker crash; none traps.
public enum StandInQueryFuzzing {
    /// What one query did: how many of the documents matched per collection kind, or the crash's message.
    public struct Outcome: Sendable, Equatable {
        public var matched: [Int]
        public var crashes: [String]
    }

    /// Documents with arrays, nested objects, numbers of every bracket, dates and nulls.
    static let documents: [JSONValue] = [
        #"{"_id":"a","_tags":["beta","gamma"],"n":7,"x":{"_value":"V3R017C10S125"},"c":[{"t":"v","k":1},{"t":"w"}]}"#,
        #"{"_id":"b","_tags":[],"n":-7.5,"x":{"_value":3600},"c":[],"timestamp":"2023-11-14T22:13:20.000Z"}"#,
        #"{"_id":"c","n":1e300,"x":{"_value":null},"c":"s","retries":2,"nested":[[1,2],[3]]}"#,
        #"{"_id":"0123456789abcdef01234567","n":"7","x":{"_value":true}}"#,
    ].compactMap { try? JSONValue.parse($0) }

    /// Parses `query` (and `sort`) as the NBI does and runs them on ``documents`` for each collection kind.
    public static func run(query: [UInt8], sort: [UInt8]?) -> Outcome {
        var outcome = Outcome(matched: [], crashes: [])
        guard let json = try? JSONValue.parse(query) else { return outcome }
        let sortJSON = sort.flatMap { try? JSONValue.parse($0) }
        for (kind, devices) in [
            (QueryCompiler.Collection.devices, true), (.tasks, false), (.faults, false), (.plain, false),
        ] {
            do {
                let filter = try QueryCompiler(collection: kind).compile(json)
                let spec = try SortSpec(sortJSON, devices: devices)
                let docs = documents.map { JSONDocument(json: $0, dateKeys: ["timestamp"]) }
                let matched = docs.filter { filter.matches($0) }
                _ = matched.map { spec.sortKeys($0) }.sorted { spec.precedes($0, $1) }
                _ = filter.constraint(on: "_id")
                outcome.matched.append(matched.count)
            } catch {
                outcome.crashes.append(error.message)
            }
        }
        return outcome
    }
}
