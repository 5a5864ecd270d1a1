import FerruleJSON
import Testing

@testable import GenieACSStandIn

/// The stand-in's shortcuts for the queries campaigns make at fleet scale answer exactly what the general path does
/// (GenieACS 1.2.16 lib/nbi.ts:589-697: `total` counts every match, then skip, limit and projection).
@Suite struct QueryFastPathTests {
    /// The total and page ids of a device query.
    func query(_ s: StandInState, _ text: String, sort: String? = #"{"_id":1}"#, skip: Int = 0, limit: Int? = nil)
        throws -> (Int, [String])
    {
        let q = StandInState.CollectionQuery(
            filter: try QueryCompiler(collection: .devices).compile(json(text)),
            projection: nil,
            sort: try SortSpec(sort.map(json), devices: true),
            skip: skip,
            limit: limit
        )
        let (total, page) = s.queryDevices(q)
        return (total, page.map { s.devices[$0].id })
    }

    @Test("_id paging counts every match and skips deleted devices, in both directions")
    func idPaging() throws {
        var s = try makeState(devices: 10)
        let all = s.devices.map(\.id)
        _ = s.deleteDevice(all[4])
        let live = all.filter { $0 != all[4] }
        let (total, page) = try query(s, #"{"_id":{"$gt":"\#(all[2])"}}"#, limit: 3)
        #expect(total == 6)
        #expect(page == [all[3], all[5], all[6]])
        let (_, down) = try query(s, #"{"_id":{"$lte":"\#(all[6])"}}"#, sort: #"{"_id":-1}"#, skip: 1, limit: 2)
        #expect(down == [all[5], all[3]])
        let (count, everything) = try query(s, "{}", sort: nil)
        #expect(count == 9 && everything == live)
        let (listed, ids) = try query(s, #"{"_id":{"$in":["\#(all[4])","\#(all[1])","nope"]}}"#)
        #expect(listed == 1 && ids == [all[1]])
        // A device that informs again is counted again.
        session(&s, all[4], at: t0 + 1000)
        #expect(try query(s, "{}").0 == 10)
    }

    @Test("_id filters the shortcut cannot capture exactly still test each device")
    func notCaptured() throws {
        let s = try makeState(devices: 6)
        let all = s.devices.map(\.id)
        #expect(try query(s, #"{"_id":{"$gt":"\#(all[1])"},"_deviceId._SerialNumber":"000003"}"#).1.count == 1)
        #expect(try query(s, #"{"_id":"/^3C52A1/"}"#).0 == 3)
        #expect(try query(s, #"{"_id":{"$gt":3}}"#).0 == 0)
    }

    @Test("a projection plan writes the same document as a walk of every node, also for added nodes")
    func projectionPlan() throws {
        var s = try makeState()
        let id = device(s, "3C52A1")
        let i = try #require(s.deviceIndex[id])
        let projection = Projection("Device.DeviceInfo,Device.Ethernet.Interface.1.Status._value,_lastInform")
        func written(_ plan: DeviceDocumentWriter.TreePlan?) -> String {
            var out = ""
            DeviceDocumentWriter.write(
                DeviceView(device: s.devices[i], model: s.models[s.devices[i].model]),
                projection: projection,
                plan: plan,
                into: &out
            )
            return out
        }
        let model = s.models[s.devices[i].model]
        let planned = written(DeviceDocumentWriter.TreePlan(model: model, root: projection?.root))
        let doc = try JSONValue.parse(Array(planned.utf8))
        #expect(doc["Device"]?["DeviceInfo"]?["SerialNumber"]?["_value"]?.stringValue == "000001")
        let interface = doc["Device"]?["Ethernet"]?["Interface"]?["1"]
        #expect(interface?["Status"]?["_value"]?.stringValue == "Up")
        #expect(interface?["Status"]?["_writable"] == nil && interface?["Enable"] == nil)
        #expect(doc["Device"]?["Ethernet"]?["Interface"]?["2"] == nil)
        #expect(doc["_lastInform"] != nil && doc["_registered"] == nil)
        // A node beyond the fixture (an added object instance) is written by the full walk.
        s.devices[i].delta = TreeDelta(
            changed: ["Device.DeviceInfo.VendorConfigFile": ParamNode(isObject: true, writable: true)]
        )
        let added = written(DeviceDocumentWriter.TreePlan(model: model, root: projection?.root))
        #expect(try JSONValue.parse(Array(added.utf8))["Device"]?["DeviceInfo"]?["VendorConfigFile"] != nil)
        #expect(added.count > planned.count)
    }

    @Test("calls are counted by method and route, ids as {id}; unknown prefixes are one key")
    func callKeys() {
        #expect(Stats.callKey(method: "POST", path: "/devices/3C52A1-EX220-000001/tasks") == "POST /devices/{id}/tasks")
        #expect(Stats.callKey(method: "GET", path: "/tasks/") == "GET /tasks")
        #expect(Stats.callKey(method: "POST", path: "/tasks/0123/retry") == "POST /tasks/{id}/retry")
        #expect(Stats.callKey(method: "DELETE", path: "/devices/x/tags/y") == "DELETE /devices/{id}/tags/{id}")
        #expect(Stats.callKey(method: "GET", path: "/\(String(repeating: "z", count: 40))") == "GET other")
    }
}
