import FerruleJSON
import Testing

@testable import GenieACSStandIn

/// MongoDB operators GenieACS 1.2.16 passes through untouched (`expand` only rewrites top-level keys and the values
/// of EXPAND_OPS, lib/query.ts:38-127; lib/nbi.ts:626-671 hands the result to `find`/`countDocuments`).
@Suite struct QueryOperatorTests {
    let a = "00E0FC-HG8245H-000000"
    let b = "3C52A1-EX220-000001"
    let all = ["00E0FC-HG8245H-000000", "00E0FC-HG8245H-000002", "3C52A1-EX220-000001", "3C52A1-EX220-000003"]

    /// `a` tagged [beta], `b` tagged [beta, gamma], the others untagged.
    func tagged() throws -> StandInState {
        var s = try makeState()
        let tagged = [s.setTag("beta", on: a, present: true), s.setTag("beta", on: b, present: true)]
        let gamma = s.setTag("gamma", on: b, present: true)
        #expect(tagged == [true, true] && gamma)
        return s
    }

    /// The matching `_id`s of `docs` under a plain-collection filter.
    func plain(_ query: String, _ docs: [String]) throws -> [String] {
        let filter = try QueryCompiler(collection: .plain).compile(json(query))
        return docs.map(json).filter { filter.matches(JSONDocument(json: $0, dateKeys: [])) }
            .compactMap { $0["_id"]?.stringValue }
    }

    @Test("$size matches arrays of exactly that length: GET /devices/?query={\"_tags\":{\"$size\":1}}")
    func size() throws {
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$size":1}}"#) == [a])
        #expect(try s.ids(#"{"_tags":{"$size":2}}"#) == [b])
        #expect(try s.ids(#"{"_tags":{"$size":3}}"#).isEmpty)
        #expect(try s.ids(#"{"_tags":{"$not":{"$size":1}}}"#).sorted() == all.filter { $0 != a })
        #expect(try s.ids(#"{"_id":{"$size":1}}"#).isEmpty)
    }

    @Test("$all needs every listed value among the elements; [] matches nothing; values are not expanded")
    func allOperator() throws {
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$all":["beta","gamma"]}}"#) == [b])
        #expect(try s.ids(#"{"_tags":{"$all":["beta"]}}"#).sorted() == [a, b])
        #expect(try s.ids(#"{"_tags":{"$all":[]}}"#).isEmpty)
        // "bet*" would be a wildcard under $eq (lib/query.ts:30-31); $all is not in EXPAND_OPS.
        #expect(try s.ids(#"{"_tags":{"$all":["bet*"]}}"#).isEmpty)
        #expect(try s.ids(#"{"_id":{"$all":["\#(a)"]}}"#) == [a])
        #expect(try s.ids(#"{"_tags":{"$all":[{"$elemMatch":{"$eq":"gamma"}},{"$elemMatch":{"$eq":"beta"}}]}}"#) == [b])
    }

    @Test("$elemMatch: operator form on each element, document form on object elements")
    func elemMatch() throws {
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$elemMatch":{"$regex":"^gam"}}}"#) == [b])
        #expect(try s.ids(#"{"_tags":{"$elemMatch":{"$in":["beta","zeta"]}}}"#).sorted() == [a, b])
        #expect(try s.ids(#"{"_tags":{"$elemMatch":{"$gt":"beta","$lt":"z"}}}"#) == [b])
        #expect(try s.ids(#"{"_id":{"$elemMatch":{"$eq":"\#(a)"}}}"#).isEmpty)
        let docs = [
            #"{"_id":"p1","configurations":[{"type":"value","name":"A"},{"type":"add_tag","tag":"x"}]}"#,
            #"{"_id":"p2","configurations":[{"type":"value","name":"B"}]}"#,
            #"{"_id":"p3","configurations":["value"]}"#,
        ]
        #expect(try plain(#"{"configurations":{"$elemMatch":{"type":"value","name":"A"}}}"#, docs) == ["p1"])
        // Both conditions on one element: p1 has type value and name A, but not on the same element as tag x.
        #expect(try plain(#"{"configurations":{"$elemMatch":{"type":"value","tag":"x"}}}"#, docs).isEmpty)
        #expect(try plain(#"{"configurations":{"$elemMatch":{"type":{"$in":["value"]}}}}"#, docs) == ["p1", "p2"])
        #expect(
            try plain(#"{"configurations":{"$elemMatch":{"$or":[{"name":"B"},{"tag":"x"}]}}}"#, docs) == ["p1", "p2"]
        )
    }

    @Test("$type by alias, code and array; arrays match \"array\" and by element; integers are int, others double")
    func type() throws {
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$type":"array"}}"#).sorted() == [a, b])
        #expect(try s.ids(#"{"_tags":{"$type":"string"}}"#).sorted() == [a, b])
        #expect(try s.ids(#"{"_tags":{"$type":4}}"#).sorted() == [a, b])
        #expect(try s.ids(#"{"_lastInform":{"$type":"date"}}"#).count == 4)
        #expect(try s.ids(#"{"_id":{"$type":["int","string"]}}"#).count == 4)
        #expect(try s.ids(#"{"_id":{"$type":"number"}}"#).isEmpty)
        let docs = [#"{"_id":"i","n":7}"#, #"{"_id":"d","n":7.5}"#, #"{"_id":"s","n":"7"}"#, #"{"_id":"z","n":null}"#]
        #expect(try plain(#"{"n":{"$type":"int"}}"#, docs) == ["i"])
        #expect(try plain(#"{"n":{"$type":"double"}}"#, docs) == ["d"])
        #expect(try plain(#"{"n":{"$type":"number"}}"#, docs) == ["i", "d"])
        #expect(try plain(#"{"n":{"$type":"null"}}"#, docs) == ["z"])
        #expect(try plain(#"{"m":{"$type":"null"}}"#, docs).isEmpty)
    }

    /// Documents shaped as GenieACS stores presets, tasks and faults: arrays of objects, arrays in
    /// them, arrays of arrays, and the same path through an object.
    static let nested = [
        #"{"_id":"1","a":[{"b":1},{"b":[2,3]},4]}"#,
        #"{"_id":"2","a":[{"b":[[5]]}]}"#,
        #"{"_id":"3","a":{"b":[6,{"c":7}]}}"#,
        #"{"_id":"4","a":[{"c":1}]}"#,
        #"{"_id":"5","a":[[{"b":8}]]}"#,
        #"{"_id":"6","a":[{"b":1},{"b":2}]}"#,
    ]

    /// What MongoDB answers for `nested` (src/mongo/db/matcher/path.cpp: a path looks into the
    /// object elements of an array it meets, not into arrays of arrays; leaf operators see an
    /// array and its elements, one level; `$elemMatch` and `$size` see arrays only).
    static let nestedAnswers: [(String, [String])] = [
        // `$type`: the array itself is "array", its elements their own type; no synthetic array
        // of the values found in several elements (6: 1 and 2 are no array).
        (#"{"a.b":{"$type":"array"}}"#, ["1", "2", "3"]),
        (#"{"a.b":{"$type":4}}"#, ["1", "2", "3"]),
        (#"{"a.b":{"$type":"int"}}"#, ["1", "3", "6"]),
        (#"{"a.b":{"$type":"number"}}"#, ["1", "3", "6"]),
        (#"{"a.b":{"$type":["object","double"]}}"#, ["3"]),
        (#"{"a":{"$type":"array"}}"#, ["1", "2", "4", "5", "6"]),
        (#"{"a":{"$type":"object"}}"#, ["1", "2", "3", "4", "6"]),
        // `$elemMatch` on the arrays the path yields, elements one level deep.
        (#"{"a.b":{"$elemMatch":{"$gt":2}}}"#, ["1", "3"]),
        (#"{"a.b":{"$elemMatch":{"c":7}}}"#, ["3"]),
        (#"{"a.b":{"$elemMatch":{"$elemMatch":{"$eq":5}}}}"#, ["2"]),
        (#"{"a.b":{"$elemMatch":{"$mod":[5,0]}}}"#, []),
        (#"{"a.b":{"$elemMatch":{"$type":"array"}}}"#, ["2"]),
        // Document form: the filter on each object element, its paths traversed the same way.
        (#"{"a":{"$elemMatch":{"b":{"$type":"array"}}}}"#, ["1", "2"]),
        (#"{"a":{"$elemMatch":{"b":{"$gte":2}}}}"#, ["1", "6"]),
        (#"{"a":{"$elemMatch":{"b":1,"c":{"$exists":false}}}}"#, ["1", "6"]),
        // Operator form: each element as a value, arrays of arrays not looked into.
        (#"{"a":{"$elemMatch":{"$type":"object"}}}"#, ["1", "2", "4", "6"]),
        (#"{"a":{"$elemMatch":{"$type":"array"}}}"#, ["5"]),
        // `$size`, equality, `$exists` and positions on the same shapes.
        (#"{"a.b":{"$size":2}}"#, ["1", "3"]),
        (#"{"a.b":[1,2]}"#, []),
        (#"{"a.b":[2,3]}"#, ["1"]),
        (#"{"a.b":2}"#, ["1", "6"]),
        (#"{"a.0.b":1}"#, ["1", "6"]),
        (#"{"a.1.b":{"$type":"array"}}"#, ["1"]),
        (#"{"a.b":{"$exists":true}}"#, ["1", "2", "3", "6"]),
        (#"{"a.b.c":7}"#, ["3"]),
    ]

    @Test(
        "paths through arrays of objects, $elemMatch and $type answer as MongoDB does",
        arguments: nestedAnswers
    )
    func nestedArrays(query: String, expected: [String]) throws {
        #expect(try plain(query, Self.nested) == expected)
    }

    @Test("$mod truncates to integers, remainder keeps the dividend's sign; $exists, $not, $nor")
    func modExistsNotNor() throws {
        let docs = [
            #"{"_id":"7","n":7}"#, #"{"_id":"8","n":8}"#, #"{"_id":"-7","n":-7}"#, #"{"_id":"7.9","n":7.9}"#,
            #"{"_id":"s","n":"7"}"#, #"{"_id":"big","n":1e300}"#, #"{"_id":"none"}"#,
        ]
        #expect(try plain(#"{"n":{"$mod":[4,3]}}"#, docs) == ["7", "7.9"])
        #expect(try plain(#"{"n":{"$mod":[4,-3]}}"#, docs) == ["-7"])
        #expect(try plain(#"{"n":{"$mod":[4.9,0.5]}}"#, docs) == ["8"])
        #expect(try plain(#"{"n":{"$mod":[-1,0]}}"#, docs) == ["7", "8", "-7", "7.9"])
        #expect(try plain(#"{"n":{"$exists":false}}"#, docs) == ["none"])
        #expect(try plain(#"{"n":{"$not":{"$mod":[2,0]}}}"#, docs) == ["7", "-7", "7.9", "s", "big", "none"])
        #expect(try plain(#"{"$nor":[{"n":{"$type":"number"}},{"n":{"$exists":false}}]}"#, docs) == ["s"])
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$exists":false}}"#).count == 2)
        #expect(try s.ids(#"{"$nor":[{"_tags":"gamma"},{"_tags":{"$exists":false}}]}"#) == [a])
    }

    @Test("operators MongoDB refuses are worker crashes with MongoDB's message (lib/nbi.ts:671 awaits the rejection)")
    func refused() throws {
        let compiler = QueryCompiler(collection: .devices)
        let refused = [
            #"{"_tags":{"$size":"1"}}"#: "$size needs a number",
            #"{"_tags":{"$size":-1}}"#: "$size may not be negative",
            #"{"_tags":{"$size":1.5}}"#: "$size must be a whole number",
            #"{"_tags":{"$size":1e300}}"#: "$size must be a whole number",
            #"{"_tags":{"$all":"beta"}}"#: "$all needs an array",
            #"{"_tags":{"$all":[{"$elemMatch":{"$eq":1}},"x"]}}"#: "$all/$elemMatch has to be consistent",
            #"{"_tags":{"$elemMatch":1}}"#: "$elemMatch needs an Object",
            #"{"_tags":{"$type":"nope"}}"#: "Unknown type name alias: nope",
            #"{"_tags":{"$type":42}}"#: "Invalid numerical type code: 42",
            #"{"_tags":{"$type":[]}}"#: "$type must match at least one type",
            #"{"_tags":{"$mod":[0,1]}}"#: "divisor cannot be 0",
            #"{"_tags":{"$mod":[1]}}"#: "malformed mod, not enough elements",
            #"{"_tags":{"$mod":[1,2,3]}}"#: "malformed mod, too many elements",
            #"{"_tags":{"$mod":["a",2]}}"#: "malformed mod, divisor not a number",
            #"{"_tags":{"$mod":[1e300,2]}}"#: "malformed mod, divisor value is invalid",
            #"{"_tags":{"$bogus":1}}"#: "unknown operator: $bogus",
        ]
        for (query, message) in refused {
            do {
                _ = try compiler.compile(json(query))
                Issue.record("\(query) compiled")
            } catch {
                #expect(error.message == "MongoServerError: " + message, "\(query)")
                #expect(!error.notReproduced)
            }
        }
    }

    @Test("a filter nested deeper than MongoDB's 100 levels is refused, not recursed into")
    func deepNesting() throws {
        let compiler = QueryCompiler(collection: .devices)
        func nested(_ n: Int) -> String {
            String(repeating: #"{"$and":["#, count: n) + #"{"_id":"x"}"# + String(repeating: "]}", count: n)
        }
        _ = try compiler.compile(json(nested(50)))
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(nested(200))) }
        let notChain =
            #"{"x":"# + String(repeating: #"{"$not":"#, count: 200) + #"{"$eq":1}"#
            + String(repeating: "}", count: 201)
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(notChain)) }
        let elemChain =
            #"{"x":"# + String(repeating: #"{"$elemMatch":{"y":"#, count: 200) + "1"
            + String(repeating: "}}", count: 200) + "}"
        #expect(throws: WorkerCrash.self) { try QueryCompiler(collection: .plain).compile(json(elemChain)) }
    }

    @Test("operators MongoDB answers but the stand-in does not evaluate are 501, not a simulated crash")
    func notReproduced() throws {
        for query in [#"{"$where":"true"}"#, #"{"x":{"$bitsAllSet":1}}"#, #"{"$expr":{"$eq":[1,1]}}"#] {
            do {
                _ = try QueryCompiler(collection: .plain).compile(json(query))
                Issue.record("\(query) compiled")
            } catch {
                #expect(error.notReproduced, "\(query)")
            }
        }
        #expect(try plain(#"{"$comment":"why","_id":"a"}"#, [#"{"_id":"a"}"#, #"{"_id":"b"}"#]) == ["a"])
    }

    @Test("numbers beyond Int64 in task ids, timestamps, sizes and limits are answered, not trapped on")
    func hugeNumbers() throws {
        _ = try QueryCompiler(collection: .tasks).compile(json(#"{"_id":1e300,"timestamp":{"$gt":-1e300}}"#))
        _ = try QueryCompiler(collection: .faults).compile(json(#"{"timestamp":1e400}"#))
        let s = try tagged()
        #expect(try s.ids(#"{"_tags":{"$exists":true}}"#, sort: #"{"_id":1}"#, skip: 1, limit: Int.max) == [b])
    }
}
