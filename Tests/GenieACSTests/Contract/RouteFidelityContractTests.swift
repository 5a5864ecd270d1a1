import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// Routes, statuses and task rules as GenieACS 1.2.16's source has them (lib/nbi.ts, lib/api-functions.ts,
/// lib/ping.ts, lib/connection-request.ts, lib/server.ts). Each test names the lines it follows. What crashes a
/// worker, or queues a task a real CPE would run, is checked on the stand-in only.
@Suite("NBI contract: routes and task rules follow GenieACS 1.2.16's source")
struct RouteFidelityContractTests {
    @Test(
        "ping answers any method: 200 text/plain no-cache; an invalid host is 500 with Connection: close (lib/nbi.ts:542-564, lib/ping.ts:84)",
        arguments: ContractTarget.realToo
    )
    func ping(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            for method in ["GET", "POST", "DELETE"] {
                let ok = try await target.raw(method, "/ping/127.0.0.1")
                #expect(ok.status == 200, "\(method)")
                #expect(ok.header("Content-Type") == "text/plain")
                #expect(ok.header("Cache-Control") == "no-cache")
                #expect(ok.text.contains("3 packets transmitted"))
            }
            // `_` passes the route (lib/nbi.ts:25) but not isValidHost (lib/ping.ts:15-29).
            let invalid = try await target.raw("GET", "/ping/a_b")
            #expect(invalid.status == 500)
            #expect(invalid.header("Connection") == "close")
            #expect(invalid.text == "Error: Invalid host")
        }
    }

    @Test(
        "ping of an unreachable host is 500 with execFile's `Command failed` text, never 404 (lib/nbi.ts:546-551, lib/ping.ts:102-103)",
        arguments: ContractTarget.realToo
    )
    func pingUnreachable(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let r = try await target.raw("GET", "/ping/192.0.2.1")
            #expect(r.status == 500)
            #expect(r.text.hasPrefix("Error: Command failed: ping -w 1 -i 0.2 -c 3 -- 192.0.2.1"))
            do {
                _ = try await target.acs.ping("192.0.2.1")
                Issue.record("an unreachable host answered")
            } catch let error as GenieACSError {
                #expect(error.status == 500)
            }
        }
    }

    @Test(
        "task routes: other methods are 405 `Allow: PUT DELETE`, an unknown action is 404 with no body (lib/nbi.ts:458, 489-491)",
        arguments: ContractTarget.realToo
    )
    func taskRoutes(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let get = try await target.raw("GET", "/tasks/0123456789abcdef01234567")
            #expect(get.status == 405)
            #expect(get.header("Allow") == "PUT DELETE")
            let unknown = try await target.raw("POST", "/tasks/0123456789abcdef01234567/frobnicate")
            #expect(unknown.status == 404)
            #expect(unknown.body.isEmpty)
            let retry = try await target.raw("GET", "/tasks/0123456789abcdef01234567/retry")
            #expect(retry.status == 405)
            #expect(retry.header("Allow") == "POST")
        }
    }

    @Test(
        "deleting a missing file crashes the worker: the driver's `File not found for id` fails the FileNotFound check (lib/nbi.ts:526-535)"
    )
    func deleteMissingFile() async throws {
        try await ContractTarget.with { target in
            await target.expectCrash("DELETE", "/files/nosuch.bin")
            let crashes = target.stat("crashes")
            // The client looks first and sends nothing that would crash a worker.
            do {
                try await target.acs.deleteFile("nosuch.bin")
                Issue.record("deleted a missing file")
            } catch let error as GenieACSError {
                #expect(error.isNotFound)
            }
            #expect(target.stat("crashes") == crashes)
        }
    }

    @Test(
        "a file uploaded without metadata headers has all four metadata keys, null (lib/nbi.ts:496-501, bson 4.7.2 serializer.ts:899)",
        arguments: ContractTarget.realToo
    )
    func fileMetadataNulls(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let name = ContractTarget.scratchName("bare") + ".bin"
            let put = try await target.raw("PUT", "/files/\(name)", body: "x")
            #expect(put.status == 201)
            let query = #"{"_id":"\#(name)"}"#
            let r = try await target.raw("GET", "/files/?projection=metadata&query=" + query.queryEncoded)
            let metadata = try JSONValue.parse(r.body).arrayValue?.first?["metadata"]
            #expect(metadata?.sortedCompactText == #"{"fileType":null,"oui":null,"productClass":null,"version":null}"#)
            try await target.acs.deleteFile(name)
        }
    }

    @Test(
        "a crashed worker keeps the connection open, unanswered, until it exits (lib/server.ts:12-35, 87-100, 147-154)"
    )
    func crashHoldsConnection() async throws {
        #expect(Scenario().latencies.crashCloseMs == 21_000)
        try await ContractTarget.with(.standIn, { $0.latencies.crashCloseMs = 400 }) { target in
            let start = ContinuousClock.now
            do {
                _ = try await target.raw("DELETE", "/files/nosuch.bin")
                Issue.record("a crash was answered")
            } catch let error as HTTPClientError {
                #expect(error.kind == .connectionDropped)
            }
            #expect(ContinuousClock.now - start >= .milliseconds(400))
        }
    }

    @Test(
        "a fault id with a task_ channel that is no ObjectId deletes the fault, then crashes (lib/api-functions.ts:403-405)"
    )
    func faultWithBadTaskID() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            await target.expectCrash("DELETE", "/faults/\(device.percentEncodedSegment):task_zz")
            // Any other channel is fine, present or not.
            #expect(try await target.raw("DELETE", "/faults/\(device.percentEncodedSegment):default").status == 200)
        }
    }

    @Test(
        "parameter values: a type that is not a string, or a value that is an object, crashes the worker (lib/api-functions.ts:260-271, 286-289, 306-309)"
    )
    func parameterValueRules() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let path = "/devices/\(device.percentEncodedSegment)/tasks"
            for body in [
                #"{"name":"setParameterValues","parameterValues":[["A.B","1",5]]}"#,
                #"{"name":"setParameterValues","parameterValues":[["A.B",{}]]}"#,
                #"{"name":"addObject","objectName":"A.","parameterValues":[["B",null]]}"#,
                #"{"name":"addObject","objectName":"A.","parameterValues":[["","x"]]}"#,
            ] {
                await target.expectCrash("POST", path, body: body, "\(body)")
            }
            // Any string type is accepted, known or not, and so is a null one.
            for body in [
                #"{"name":"setParameterValues","parameterValues":[["A.B","1","xsd:nonsense"]]}"#,
                #"{"name":"setParameterValues","parameterValues":[["A.B",true,null]]}"#,
            ] {
                #expect(try await target.raw("POST", path, body: body).status == 202, "\(body)")
            }
        }
    }

    @Test("download and provisions tasks: the exact validation rules (lib/api-functions.ts:313-341)")
    func downloadAndProvisionRules() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let path = "/devices/\(device.percentEncodedSegment)/tasks"
            for body in [
                #"{"name":"download","fileType":"1 Firmware Upgrade Image","fileName":""}"#,
                #"{"name":"download","file":"fw.bin","targetFileName":5}"#,
                #"{"name":"provisions","provisions":[["x",{}]]}"#,
                #"{"name":"provisions","provisions":["x"]}"#,
            ] {
                await target.expectCrash("POST", path, body: body, "\(body)")
            }
            for body in [
                #"{"name":"download","file":"fw.bin"}"#,
                #"{"name":"provisions","provisions":[[]]}"#,
                #"{"name":"provisions","provisions":[[1,null,true]]}"#,
            ] {
                #expect(try await target.raw("POST", path, body: body).status == 202, "\(body)")
            }
        }
    }

    @Test(
        "a task body that is no object is 400 TypeError: the strict bundle cannot set task.device (lib/nbi.ts:266-275)",
        arguments: ContractTarget.realToo
    )
    func primitiveTaskBody(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let device = try await target.device()
            let path = "/devices/\(device.percentEncodedSegment)/tasks"
            let cases = [
                ("5", "TypeError: Cannot create property 'device' on number '5'"),
                ("null", "TypeError: Cannot set properties of null (setting 'device')"),
                (#""x""#, "TypeError: Cannot create property 'device' on string 'x'"),
            ]
            for (body, text) in cases {
                let r = try await target.raw("POST", path, body: body)
                #expect(r.status == 400, "\(body)")
                #expect(r.text == text)
            }
        }
    }

    @Test("expiry: whatever Number() reads is seconds after the timestamp, \"60\" too (lib/api-functions.ts:254-258)")
    func expiryRules() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let r = try await target.raw(
                "POST",
                "/devices/\(device.percentEncodedSegment)/tasks",
                body: #"{"name":"reboot","timestamp":"2030-01-01T00:00:00.000Z","expiry":"60"}"#
            )
            #expect(r.status == 202)
            let task = try JSONValue.parse(r.body)
            #expect(task["expiry"]?.stringValue == "2030-01-01T00:01:00.000Z")
        }
    }

    @Test(
        "bad connection-request credentials are the HTTP text `Connection request error: Incorrect connection request credentials` (lib/connection-request.ts:169)"
    )
    func credentialsText() async throws {
        try await ContractTarget.with(.standIn, { $0.badCredentialsRatio = 1 }) { target in
            let device = try await target.device()
            let r = try await target.raw("POST", "/devices/\(device.percentEncodedSegment)/tasks?connection_request")
            #expect(r.status == 504)
            #expect(r.reasonPhrase == "Connection request error: Incorrect connection request credentials")
            let submission = try await target.acs.submit(TaskRequest(.reboot), to: device, connectionRequest: true)
            #expect(submission.outcome == .connectionRequestFailed(.incorrectCredentials))
        }
    }
}
