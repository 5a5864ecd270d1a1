import FerruleJSON
import Testing

@testable import GenieACSStandIn

@Suite struct TaskValidationTests {
    static let invalid: [String] = [
        #"{}"#,
        #"{"name":"nope"}"#,
        #"{"name":"getParameterValues"}"#,
        #"{"name":"getParameterValues","parameterNames":[]}"#,
        #"{"name":"getParameterValues","parameterNames":[""]}"#,
        #"{"name":"getParameterValues","parameterNames":[1]}"#,
        #"{"name":"setParameterValues","parameterValues":[]}"#,
        #"{"name":"setParameterValues","parameterValues":[["",1]]}"#,
        #"{"name":"setParameterValues","parameterValues":[["a.b",null]]}"#,
        #"{"name":"setParameterValues","parameterValues":[["a.b",{}]]}"#,
        #"{"name":"refreshObject"}"#,
        #"{"name":"deleteObject","objectName":""}"#,
        #"{"name":"download","fileName":"x"}"#,
        #"{"name":"download","fileType":"1 Firmware Upgrade Image"}"#,
        #"{"name":"provisions","provisions":[["x",{"a":1}]]}"#,
        #"5"#,
        // lib/api-functions.ts:267: a type that is not a string.
        #"{"name":"setParameterValues","parameterValues":[["A.B","1",5]]}"#,
        // :306-309: addObject values follow the same rule.
        #"{"name":"addObject","parameterValues":[["B",{}]]}"#,
        // :316-320: empty fileType or fileName; :323-327: targetFileName is checked with `file` too.
        #"{"name":"download","fileType":"","fileName":"x"}"#,
        #"{"name":"download","file":"x","targetFileName":1}"#,
        // :330-340: a provision that is not an array.
        #"{"name":"provisions","provisions":["x"]}"#,
    ]

    @Test("invalid tasks throw inside sanitizeTask, a worker crash", arguments: invalid)
    func invalidTasks(_ text: String) {
        #expect(throws: WorkerCrash.self) { try TaskSanitizer.sanitize(json(text), device: "d", now: t0) }
    }

    static let valid: [String] = [
        #"{"name":"getParameterValues","parameterNames":["A.B"]}"#,
        #"{"name":"setParameterValues","parameterValues":[["A.B",1,"xsd:string"],["A.C",true],["A.D","x"]]}"#,
        #"{"name":"refreshObject","objectName":""}"#,
        #"{"name":"addObject","objectName":"A.B."}"#,
        #"{"name":"addObject"}"#,
        #"{"name":"deleteObject","objectName":"A.B.1."}"#,
        #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":"fw.bin"}"#,
        #"{"name":"download","file":"fw.bin"}"#,
        // lib/api-functions.ts:330-340: any primitive (or null) in a provision, the name too; `true` is 1 s.
        #"{"name":"provisions","provisions":[[1],[]]}"#,
        #"{"name":"reboot","expiry":true}"#,
        #"{"name":"setParameterValues","parameterValues":[["A.B","1","xsd:nonsense"],["A.C","1",null]]}"#,
        #"{"name":"reboot"}"#,
        #"{"name":"factoryReset"}"#,
        #"{"name":"provisions","provisions":[["refresh","A"],["tag","x",true],["custom",null,1,"s"]]}"#,
    ]

    @Test("valid tasks of every kind are accepted", arguments: valid)
    func validTasks(_ text: String) throws {
        _ = try TaskSanitizer.sanitize(json(text), device: "d", now: t0)
    }

    @Test("device and timestamp are added in place; a numeric expiry is seconds after the timestamp")
    func fields() throws {
        let s = try TaskSanitizer.sanitize(json(#"{"name":"reboot","expiry":60}"#), device: "d", now: t0)
        #expect(
            JSONValue.object(s.members).compactText
                == #"{"name":"reboot","expiry":"2023-11-14T22:14:20.000Z","device":"d","timestamp":"2023-11-14T22:13:20.000Z"}"#
        )
        #expect(s.expiry == t0 + 60_000)
        let dated = try TaskSanitizer.sanitize(
            json(#"{"timestamp":"2030-01-01T00:00:00Z","name":"reboot","expiry":"2030-01-02T00:00:00Z"}"#),
            device: "d",
            now: t0
        )
        #expect(dated.timestamp == Timestamp.parse("2030-01-01T00:00:00Z"))
        #expect(dated.expiry == Timestamp.parse("2030-01-02T00:00:00Z"))
    }

    @Test("addObject becomes instances +1 with an alias plus value provisions (lib/cwmp.ts)")
    func addObjectProvisions() throws {
        let s = try TaskSanitizer.sanitize(
            json(#"{"name":"addObject","objectName":"A.B.","parameterValues":[["Name","x"]]}"#),
            device: "d",
            now: t0
        )
        #expect(
            JSONValue.array(s.provisions.map(JSONValue.array)).compactText
                == #"[["instances","A.B.[Name:\"x\"]","+1"],["value","A.B.[Name:\"x\"].Name","x"]]"#
        )
    }

    @Test("the POST response has _id last, the stored document _id first; an array body loses the device")
    func documents() throws {
        var state = try makeState()
        let d = device(state, "00E0FC")
        let outcome = try state.postTask(
            deviceID: d,
            body: json(#"{"name":"reboot"}"#),
            connectionRequest: false,
            now: t0
        )
        guard case .queued(let response) = outcome else {
            Issue.record("not queued")
            return
        }
        #expect(response.objectMembers?.last?.0 == "_id")
        let id = try #require(response["_id"]?.stringValue)
        #expect(id.count == 24)
        #expect(state.tasks[id]?.document.objectMembers?.first?.0 == "_id")
        let array = try state.postTask(
            deviceID: d,
            body: json(#"[{"name":"reboot"}]"#),
            connectionRequest: false,
            now: t0
        )
        guard case .queued(.array(let items)) = array else {
            Issue.record("array not queued")
            return
        }
        #expect(items.first?["device"] == nil)
    }
}
