import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// Collection queries as GenieACS 1.2.16's source answers them (lib/nbi.ts:589-697, lib/query.ts, mongodb 4.17.2).
/// Each test names the lines it follows. Queries that crash a worker run on the stand-in only.
@Suite("NBI contract: collection queries follow GenieACS 1.2.16's source")
struct QueryFidelityContractTests {
    /// A parameter no device has: queries on it are portable to any real GenieACS.
    static let absent = "Ferrule.Contract.Absent"

    @Test(
        "$ne beside another operator is answered when its value has one alternative (lib/query.ts:111-119)",
        arguments: ContractTarget.realToo
    )
    func neWithOneAlternative(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let all = try await target.acs.count(.devices)
            // "1.2.3" is no number, date, regex or wildcard: one alternative, so `expand` does not throw.
            let q = #"{"\#(Self.absent)":{"$exists":false,"$ne":"1.2.3"}}"#
            let r = try await target.raw("HEAD", "/devices/?query=" + q.queryEncoded)
            #expect(r.status == 200)
            #expect(r.header("total") == String(all))
            // `$not` is not expanded (lib/query.ts:38-47), so beside `$exists` it is one alternative too.
            let not = #"{"\#(Self.absent)":{"$not":{"$eq":"5"},"$exists":false}}"#
            let r1 = try await target.raw("HEAD", "/devices/?query=" + not.queryEncoded)
            #expect(r1.header("total") == String(all))
        }
    }

    @Test("$ne beside another operator with a value of several alternatives crashes the worker (lib/query.ts:113-115)")
    func neWithSeveralAlternatives() async throws {
        try await ContractTarget.with { target in
            // "5" is also the number 5: two alternatives.
            let q = #"{"\#(Self.absent)":{"$exists":false,"$ne":"5"}}"#
            await target.expectCrash("GET", "/devices/?query=" + q.queryEncoded)
            // Alone, `$ne` with two alternatives is fine: each becomes its own `$and` condition (:116).
            let alone = #"{"\#(Self.absent)":{"$ne":"5"}}"#
            let r2 = try await target.raw("HEAD", "/devices/?query=" + alone.queryEncoded)
            #expect(r2.header("total") == "12")
        }
    }

    @Test(
        "a device query that is a number or an empty array matches every device (lib/query.ts:105, Object.entries)",
        arguments: ContractTarget.realToo
    )
    func primitiveDeviceQuery(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let all = try await target.acs.count(.devices)
            for q in ["5", "true", "[]"] {
                let r = try await target.raw("HEAD", "/devices/?query=" + q.queryEncoded)
                #expect(r.status == 200, "\(q)")
                #expect(r.header("total") == String(all), "\(q)")
            }
        }
    }

    @Test(
        "query=null: every preset (countDocuments(null) is {}, mongodb 4.17.2 collection.ts:1155); devices crash"
    )
    func nullQuery() async throws {
        try await ContractTarget.with { target in
            try await target.acs.putPreset("p1", try JSONValue.parse(#"{"weight":0}"#))
            let r3 = try await target.raw("HEAD", "/presets/?query=null")
            #expect(r3.header("total") == "1")
            // lib/query.ts:105: Object.entries(null) throws.
            await target.expectCrash("GET", "/devices/?query=null")
            // lib/query.ts:133: so does sanitizeQueryTypes for tasks.
            await target.expectCrash("GET", "/tasks/?query=null")
        }
    }

    @Test(
        "collection names: the method is checked first, snake_case becomes camelCase, a trailing _ vanishes (lib/nbi.ts:592-613)",
        arguments: ContractTarget.realToo
    )
    func collectionNames(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let post = try await target.raw("POST", "/nosuchcollection")
            #expect(post.status == 405)
            #expect(post.header("Allow") == "GET, HEAD")
            #expect(try await target.raw("GET", "/nosuchcollection").status == 404)
            let all = try await target.acs.count(.devices)
            let r4 = try await target.raw("HEAD", "/devices_")
            #expect(r4.header("total") == String(all))
            #expect(try await target.raw("HEAD", "/virtualParameters").status == 200)
            #expect(try await target.raw("HEAD", "/virtual_parameters").status == 200)
        }
    }

    @Test("an Object.prototype member as collection name crashes the worker (lib/nbi.ts:608, 652)")
    func prototypeCollection() async throws {
        try await ContractTarget.with { target in
            await target.expectCrash("GET", "/constructor")
        }
    }

    @Test(
        "sort directions as the driver reads them: 1, -1, \"DESC\", \"asc\", \"-1\" (mongodb 4.17.2 src/sort.ts:35-51)",
        arguments: ContractTarget.realToo
    )
    func sortDirections(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            for sort in [#"{"_id":-1}"#, #"{"_id":"DESC"}"#, #"{"_id":"-1"}"#, #"{"_id":"descending"}"#] {
                let r = try await target.raw("GET", "/devices/?projection=_id&limit=2&sort=" + sort.queryEncoded)
                #expect(r.status == 200, "\(sort)")
                let ids = try JSONValue.parse(r.body).arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
                #expect(ids == ids.sorted(by: >), "\(sort)")
            }
            let asc = try await target.raw(
                "GET",
                "/devices/?projection=_id&limit=2&sort=" + #"{"_id":"asc"}"#.queryEncoded
            )
            let ids = try JSONValue.parse(asc.body).arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            #expect(ids == ids.sorted())
        }
    }

    @Test("a sort direction the driver refuses crashes the worker before any header (mongodb 4.17.2 src/sort.ts:48)")
    func badSortDirection() async throws {
        try await ContractTarget.with { target in
            for sort in [#"{"_id":true}"#, #"{"_id":2}"#, "null"] {
                await target.expectCrash("GET", "/devices/?sort=" + sort.queryEncoded, "\(sort)")
            }
        }
    }

    @Test(
        "task queries: a 12-character _id is an ObjectId of its bytes (bson 4.7.2 src/objectid.ts:78-83)",
        arguments: ContractTarget.realToo
    )
    func twelveByteTaskID(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let r = try await target.raw("GET", "/tasks/?query=" + #"{"_id":"abcdefghijkl"}"#.queryEncoded)
            #expect(r.status == 200)
            #expect(r.text == "[\n\n]")
        }
    }

    @Test(
        "task queries: an operator other than $in $nin $eq $gt(e) $lt(e) $ne $exists $type on _id crashes (lib/query.ts:140-158)"
    )
    func taskOperatorNotSupported() async throws {
        try await ContractTarget.with { target in
            await target.expectCrash("GET", "/tasks/?query=" + #"{"_id":{"$regex":"a"}}"#.queryEncoded)
            // `retries` on faults is converted too (lib/nbi.ts:637-641); `$not` is not among the operators.
            await target.expectCrash("GET", "/faults/?query=" + #"{"retries":{"$not":{"$gt":1}}}"#.queryEncoded)
        }
    }

    @Test(
        "the `*` pattern escapes only its first special character and widens only its first inner `*` (lib/query.ts:5-17)"
    )
    func wildcardQuirks() async throws {
        try await ContractTarget.with(.standIn, { $0.serialPrefix = "A.B-" }) { target in
            // `A.B-00000.*` is `^A\.B-00000.`: the second `.` matches any character (serials …000 to …009).
            let escaped = #"{"_deviceId._SerialNumber":"A.B-00000.*"}"#
            let r5 = try await target.raw("HEAD", "/devices/?query=" + escaped.queryEncoded)
            #expect(r5.header("total") == "10")
            // `A*X*000003` is `^A.*X*000003$`: the second `*` repeats the X, which may be absent.
            let second = #"{"_deviceId._SerialNumber":"A*X*000003"}"#
            let r6 = try await target.raw("HEAD", "/devices/?query=" + second.queryEncoded)
            #expect(r6.header("total") == "1")
        }
    }
}

extension String {
    /// Percent-encodes a query-string value.
    var queryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
