import FerruleJSON
import Testing

@testable import GenieACSStandIn

@Suite struct QueryEngineTests {
    let sv = "InternetGatewayDevice.DeviceInfo.SoftwareVersion"

    @Test("keys without a leading underscore in the last segment get ._value (lib/query.ts:86-99)")
    func valueSuffix() throws {
        let s = try makeState()
        #expect(try s.ids(#"{"\#(sv)":"V3R017C10S125"}"#) == ["00E0FC-HG8245H-000000", "00E0FC-HG8245H-000002"])
        #expect(try s.ids(#"{"\#(sv)._value":"V3R017C10S125"}"#).count == 2)
        #expect(try s.ids(#"{"\#(sv)._writable":false}"#).count == 2)
        #expect(try s.ids(#"{"_deviceId._SerialNumber":"000003"}"#) == ["3C52A1-EX220-000003"])
    }

    @Test("a numeric string also matches the number, a wildcard and a /regex/ match strings (lib/query.ts:19-127)")
    func alternatives() throws {
        let s = try makeState()
        #expect(try s.ids(#"{"InternetGatewayDevice.ManagementServer.PeriodicInformInterval":"3600"}"#).count == 2)
        #expect(try s.ids(#"{"\#(sv)":"V3R*S125"}"#).count == 2)
        #expect(try s.ids(#"{"\#(sv)":"V3R*"}"#).count == 2)
        #expect(try s.ids(#"{"\#(sv)":"*R017"}"#).isEmpty)
        #expect(try s.ids(#"{"\#(sv)":"/^v3r/i"}"#).count == 2)
        #expect(try s.ids(#"{"_id":"3C52A1-*"}"#) == ["3C52A1-EX220-000001", "3C52A1-EX220-000003"])
    }

    @Test(
        "a $and after a field with several alternatives replaces GenieACS's own $and: that field's condition is dropped"
    )
    func andReplaced() throws {
        let s = try makeState()
        // "000003" is also the number 3: its $or goes into expand's $and, which the user's $and replaces.
        let all = try s.ids(#"{"_id":{"$exists":true}}"#)
        #expect(try s.ids(#"{"_deviceId._SerialNumber":"000003","$and":[{"_id":{"$exists":true}}]}"#) == all)
        // $and first: the field's $or is pushed into it.
        #expect(
            try s.ids(#"{"$and":[{"_id":{"$exists":true}}],"_deviceId._SerialNumber":"000003"}"#)
                == ["3C52A1-EX220-000003"]
        )
        // A field with one alternative is assigned beside the $and, never dropped.
        #expect(try s.ids(#"{"_id":"3C52A1-EX220-000003","$and":[{"_id":{"$exists":true}}]}"#).count == 1)
    }

    @Test("a date string is compared as a date against _lastInform (lib/query.ts:27-28)")
    func dates() throws {
        let s = try makeState()
        #expect(try s.ids(#"{"_lastInform":{"$lt":"2017-12-11 13:16:23 +0000"}}"#).isEmpty)
        #expect(try s.ids(#"{"_lastInform":{"$gt":"2017-12-11 13:16:23 +0000"}}"#).count == 4)
        #expect(try s.ids(#"{"_registered":{"$lt":"2023-11-14T22:13:20Z"}}"#).count == 4)
    }

    @Test("operators $and $or $nor $not $ne $in $nin $exists $regex, and _tags as an array")
    func operators() throws {
        var s = try makeState()
        let a = "00E0FC-HG8245H-000000"
        let tagged = s.setTag("beta", on: a, present: true)
        #expect(tagged)
        #expect(try s.ids(#"{"_tags":"beta"}"#) == [a])
        #expect(try s.ids(#"{"_tags":{"$ne":"beta"}}"#).count == 3)
        #expect(try s.ids(#"{"_tags":{"$exists":true}}"#) == [a])
        #expect(try s.ids(#"{"_id":{"$in":["\#(a)","3C52A1-EX220-000003"]}}"#).count == 2)
        #expect(try s.ids(#"{"_id":{"$nin":["\#(a)"]}}"#).count == 3)
        #expect(try s.ids(#"{"$or":[{"_id":"\#(a)"},{"_deviceId._SerialNumber":"000001"}]}"#).count == 2)
        #expect(try s.ids(#"{"$nor":[{"_id":"\#(a)"}]}"#).count == 3)
        #expect(try s.ids(#"{"$and":[{"_tags":"beta"},{"_id":"\#(a)"}]}"#) == [a])
        #expect(try s.ids(#"{"_id":{"$not":{"$regex":"^00E0"}}}"#).count == 2)
        #expect(try s.ids(#"{"Device.DeviceInfo.UpTime":{"$gte":864021}}"#).count == 2)
        #expect(try s.ids(#"{"Device.DeviceInfo.UpTime":{"$gt":"864021"}}"#).isEmpty)
    }

    @Test(
        "$ne or $not beside another operator crashes the worker when the value has several alternatives (lib/query.ts:111-116)"
    )
    func neCombinedCrashes() throws {
        let compiler = QueryCompiler(collection: .devices)
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"x":{"$ne":"1","$exists":true}}"#)) }
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"x":{"$not":{"$eq":1},"$gt":"0"}}"#)) }
        _ = try compiler.compile(json(#"{"x":{"$ne":"a","$exists":true}}"#))
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"x":{"$bogus":1}}"#)) }
        _ = try QueryCompiler(collection: .plain).compile(json(#"{"x":{"$ne":"a","$exists":true}}"#))
    }

    @Test("tasks queries convert _id to an ObjectId (non-hex crashes) and timestamp to a date (lib/nbi.ts:630-642)")
    func taskConversions() throws {
        let compiler = QueryCompiler(collection: .tasks)
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"_id":"nothex"}"#)) }
        let filter = try compiler.compile(json(#"{"timestamp":{"$gte":"2023-11-14T00:00:00Z"},"retries":"0"}"#))
        let doc = JSONDocument(
            json: json(#"{"timestamp":"2023-11-14T22:13:20.000Z","retries":0}"#),
            dateKeys: ["timestamp"]
        )
        #expect(filter.matches(doc))
    }

    @Test("projection: the shorter path wins, _id is always included (lib/nbi.ts:644-650)")
    func projection() throws {
        let p = try #require(Projection("a.b, a, c.d"))
        let doc = json(#"{"_id":"x","a":{"b":1,"c":2},"c":{"d":3,"e":4},"z":5}"#)
        #expect(p.apply(doc) == json(#"{"_id":"x","a":{"b":1,"c":2},"c":{"d":3}}"#))
        let s = try makeState()
        let i = try #require(s.deviceIndex["00E0FC-HG8245H-000000"])
        var out = ""
        DeviceDocumentWriter.write(
            DeviceView(device: s.devices[i], model: s.models[s.devices[i].model]),
            projection: Projection("\(sv)._value,_tags"),
            into: &out
        )
        #expect(
            out
                == #"{"_id":"00E0FC-HG8245H-000000","InternetGatewayDevice":{"DeviceInfo":{"SoftwareVersion":{"_value":"V3R017C10S125"}}}}"#
        )
    }

    @Test("sort with the ._value rule, skip and limit, and _id range paging")
    func sortAndPaging() throws {
        let s = try makeState(devices: 10)
        let all = s.devices.map(\.id)
        #expect(try s.ids("{}", sort: #"{"_id":-1}"#) == all.reversed())
        #expect(
            try s.ids("{}", sort: #"{"_deviceId._SerialNumber":1}"#, limit: 2) == [
                "00E0FC-HG8245H-000000", "3C52A1-EX220-000001",
            ]
        )
        #expect(try s.ids(#"{"_id":{"$gt":"\#(all[2])"}}"#, sort: #"{"_id":1}"#, limit: 3) == Array(all[3..<6]))
        #expect(try s.ids("{}", skip: 8) == Array(all[8...]))
        let sorted = try s.ids("{}", sort: #"{"\#(sv)":1,"_id":1}"#)
        #expect(sorted.first?.hasPrefix("3C52A1") == true)  // missing sorts first
    }
}
