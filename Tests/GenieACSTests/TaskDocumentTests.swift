import FerruleJSON
import Testing

@testable import GenieACS

@Suite struct TaskDocumentTests {
    @Test("every task kind becomes the document GenieACS expects (lib/api-functions.ts:273-351)")
    func documents() {
        let cases: [(GenieACSTask, String)] = [
            (.getParameterValues(["A.B", "C"]), #"{"name":"getParameterValues","parameterNames":["A.B","C"]}"#),
            (
                .setParameterValues([
                    (path: "A.B", value: .string("x"), type: nil), (path: "N", value: .number("5"), type: "xsd:int"),
                ]),
                #"{"name":"setParameterValues","parameterValues":[["A.B","x"],["N",5,"xsd:int"]]}"#
            ),
            (.refreshObject(""), #"{"name":"refreshObject","objectName":""}"#),
            (
                .addObject("X.Y", values: [("Alias", "a")]),
                #"{"name":"addObject","objectName":"X.Y","parameterValues":[["Alias","a"]]}"#
            ),
            (.deleteObject("X.Y.1"), #"{"name":"deleteObject","objectName":"X.Y.1"}"#),
            (
                .download(fileType: "1 Firmware Upgrade Image", fileName: "fw.bin", targetFileName: nil),
                #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":"fw.bin"}"#
            ),
            (.downloadFile(id: "fw.bin"), #"{"name":"download","file":"fw.bin"}"#),
            (.reboot, #"{"name":"reboot"}"#),
            (.factoryReset, #"{"name":"factoryReset"}"#),
            (
                .provisions([(name: "wifi", arguments: [.string("a"), .number("2"), .bool(true), .null])]),
                #"{"name":"provisions","provisions":[["wifi","a",2,true,null]]}"#
            ),
        ]
        for (task, expected) in cases {
            #expect(TaskRequest(task).document.compactText == expected)
            #expect(TaskValidation.problem(TaskRequest(task)) == nil)
        }
    }

    @Test("common fields: uniqueKey, relative and absolute expiry, timestamp")
    func commonFields() {
        let relative = TaskRequest(
            .reboot,
            uniqueKey: "campaign-1:step-2",
            expiry: .after(seconds: 3600),
            timestamp: "1700000000000"
        )
        #expect(
            relative.document.compactText
                == #"{"name":"reboot","uniqueKey":"campaign-1:step-2","expiry":3600,"timestamp":1700000000000}"#
        )
        let absolute = TaskRequest(.reboot, expiry: .at("2026-12-01T03:00:00Z"))
        #expect(absolute.document.compactText == #"{"name":"reboot","expiry":"2026-12-01T03:00:00Z"}"#)
    }

    @Test(
        "tasks GenieACS would crash a worker on are refused locally",
        arguments: [
            TaskRequest(.getParameterValues([])), TaskRequest(.getParameterValues([""])),
            TaskRequest(.setParameterValues([])),
            TaskRequest(.setParameterValues([(path: "", value: .string("x"), type: nil)])),
            TaskRequest(.setParameterValues([(path: "A", value: .number("abc"), type: nil)])),
            TaskRequest(.addObject("", values: [])), TaskRequest(.deleteObject("")),
            TaskRequest(.download(fileType: "", fileName: "f", targetFileName: nil)),
            TaskRequest(.download(fileType: "1 Firmware Upgrade Image", fileName: "", targetFileName: nil)),
            TaskRequest(.downloadFile(id: "")), TaskRequest(.provisions([])),
            TaskRequest(.provisions([(name: "", arguments: [])])), TaskRequest(.reboot, uniqueKey: ""),
            TaskRequest(.reboot, expiry: .after(seconds: 0)),
        ]
    )
    func invalid(_ request: TaskRequest) {
        #expect(TaskValidation.problem(request) != nil)
    }

    @Test("reason phrases become typed outcomes (lib/nbi.ts:382, 410-412; lib/connection-request.ts:99-169)")
    func outcomes() {
        #expect(TaskOutcome(status: 200, reason: "OK", connectionRequest: true) == .completed)
        #expect(TaskOutcome(status: 202, reason: "Accepted", connectionRequest: false) == .queued)
        // No connection request was asked for: nothing waited for the task, whatever the status.
        #expect(TaskOutcome(status: 200, reason: "OK", connectionRequest: false) == .queued)
        #expect(
            TaskOutcome(status: 202, reason: "Task queued but not processed", connectionRequest: true)
                == .queuedNotProcessed
        )
        #expect(TaskOutcome(status: 202, reason: "Task faulted", connectionRequest: true) == .faulted)
        #expect(
            TaskOutcome(status: 202, reason: "Device is offline", connectionRequest: true)
                == .connectionRequestFailed(.deviceOffline)
        )
        #expect(
            TaskOutcome(status: 202, reason: "Incorrect connection request credentials", connectionRequest: true)
                == .connectionRequestFailed(.incorrectCredentials)
        )
        #expect(
            TaskOutcome(status: 202, reason: "Connection request error: ECONNREFUSED", connectionRequest: true)
                == .connectionRequestFailed(.other("Connection request error: ECONNREFUSED"))
        )
    }

    @Test("path segments are encoded so device ids travel encoded twice (lib/nbi.ts:18-31)")
    func encoding() {
        #expect(NBIPath.segment("00259E-HG8245-SR360NA0A4%2D0003196") == "00259E-HG8245-SR360NA0A4%252D0003196")
        #expect(NBIPath.segment("wifi.5ghz name") == "wifi%2E5ghz%20name")
        #expect(NBIPath.faultSegment("A-B-C%2D1:task_abc") == "A-B-C%252D1:task_abc")
        #expect(
            NBIPath.query([("query", #"{"a":1}"#), ("connection_request", nil)])
                == "?query=%7B%22a%22%3A1%7D&connection_request"
        )
    }

    @Test("the request body is byte for byte the document's compact text, escapes included")
    func bodyMatchesDocument() {
        let awkward = "q\"b\\n\n\r\t\u{01}\u{1F}\u{7F} é 😀 \u{2028}\u{2029} \u{2027}"
        let tasks: [GenieACSTask] = [
            .getParameterValues([]), .getParameterValues(["A.B", awkward]),
            .setParameterValues([]),
            .setParameterValues([
                (path: "A.B", value: .string(awkward), type: nil),
                (path: "N", value: .number("-5.5e3"), type: "xsd:int"),
                (path: "F", value: .bool(false), type: "xsd:boolean"),
            ]),
            .refreshObject(""), .addObject("X.Y", values: []), .addObject("X.Y", values: [("Alias", awkward)]),
            .deleteObject("X.Y.1"),
            .download(fileType: "1 Firmware Upgrade Image", fileName: awkward, targetFileName: "t\"n"),
            .download(fileType: "3 Vendor Configuration File", fileName: "c.xml", targetFileName: nil),
            .downloadFile(id: "fw.bin"), .reboot, .factoryReset,
            .provisions([]),
            .provisions([(name: "wifi", arguments: [.string(awkward), .number("2"), .bool(true), .null])]),
        ]
        let commons: [(String?, TaskExpiry?, String?)] = [
            (nil, nil, nil), ("ferrule-c1", .after(seconds: 3600), "1700000000000"),
            (awkward, .at("2026-12-01T03:00:00Z"), "2026-12-01T03:00:00Z"),
        ]
        for task in tasks {
            for (key, expiry, timestamp) in commons {
                let request = TaskRequest(task, uniqueKey: key, expiry: expiry, timestamp: timestamp)
                #expect(String(decoding: request.body, as: UTF8.self) == request.document.compactText)
            }
        }
    }
}
