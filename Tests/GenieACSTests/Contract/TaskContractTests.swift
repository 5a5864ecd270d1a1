import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// The NBI contract for tasks: every kind and outcome of `POST /devices/<id>/tasks`, the task and
/// fault lifecycle, and two-phase downloads (GenieACS 1.2.16 lib/nbi.ts:258-492; lib/cwmp.ts:650-745).
@Suite("NBI contract: tasks, outcomes and faults")
struct TaskContractTests {
    static let kinds: [GenieACSTask] = [
        .getParameterValues(["Device.DeviceInfo.UpTime"]),
        .setParameterValues([(path: "Device.ManagementServer.PeriodicInformInterval", value: .number("600"), type: nil)]
        ),
        .refreshObject("Device.DeviceInfo."), .addObject("Device.NAT.PortMapping.", values: [("Alias", "contract")]),
        .deleteObject("Device.NAT.PortMapping.[Alias:contract]."),
        .download(fileType: "1 Firmware Upgrade Image", fileName: "fw.bin", targetFileName: nil),
        .downloadFile(id: "fw.bin"),
        .reboot, .factoryReset,
        .provisions([(name: "refresh", arguments: [.string("Device.DeviceInfo."), .number("3600")])]),
    ]

    @Test(
        "every task kind is queued without a connection request: 202, an ObjectId, the device",
        arguments: kinds
    )
    func everyKindQueued(_ task: GenieACSTask) async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let submission = try await target.acs.submit(TaskRequest(task, expiry: .after(seconds: 600)), to: device)
            #expect(submission.status == 202)
            #expect(submission.outcome == .queued)
            let submitted = try #require(submission.task)
            #expect(submitted.id.count == 24)
            #expect(submitted.device == device)
            #expect(submitted.document["name"]?.stringValue == task.name)
            #expect(try await target.acs.taskStatus(submitted) == .pending)
            try await target.acs.deleteTask(submitted.id)
            #expect(try await target.acs.taskStatus(submitted) == .done)
            #expect(target.stat("crashes") == 0)
        }
    }

    @Test("with a connection request an online device runs the task: 200 and the task is gone (lib/nbi.ts:258-492)")
    func completed() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let submission = try await target.acs.submit(
                TaskRequest(
                    .getParameterValues(["Device.DeviceInfo.UpTime", "InternetGatewayDevice.DeviceInfo.UpTime"])
                ),
                to: device,
                connectionRequest: true
            )
            #expect(submission.status == 200)
            #expect(submission.outcome == .completed)
            #expect(try await target.acs.taskStatus(try #require(submission.task)) == .done)
        }
    }

    @Test("connection-request failures keep the task queued and name the cause: offline, bad credentials")
    func connectionRequestFailures() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device(1)
            try await target.setOnline(device, false)
            let offline = try await target.acs.submit(TaskRequest(.reboot), to: device, connectionRequest: true)
            #expect(offline.status == 202)
            #expect(offline.reasonPhrase == "Device is offline")
            #expect(offline.outcome == .connectionRequestFailed(.deviceOffline))
            #expect(try await target.acs.taskStatus(try #require(offline.task)) == .pending)
            #expect(try await target.acs.connectionRequest(to: device) == .failed(.deviceOffline))
            #expect(try await target.acs.connectionRequest(to: try await target.device(2)) == .accepted)
        }
        try await ContractTarget.with(.standIn, { $0.badCredentialsRatio = 1 }) { target in
            let submission = try await target.acs.submit(
                TaskRequest(.reboot),
                to: try await target.device(),
                connectionRequest: true
            )
            #expect(submission.outcome == .connectionRequestFailed(.incorrectCredentials))
        }
    }

    @Test("a task for an unknown device is 404 and nothing is queued", arguments: ContractTarget.realToo)
    func unknownDevice(_ kind: ContractTarget.Kind) async throws {
        try await ContractTarget.with(kind) { target in
            let submission = try await target.acs.submit(
                TaskRequest(.reboot),
                to: "NO-SUCH-DEVICE-\(UUID().uuidString.prefix(6))"
            )
            #expect(submission.isNoSuchDevice)
            #expect(submission.task == nil)
            #expect(try await target.acs.connectionRequest(to: "NO-SUCH-DEVICE") == .noSuchDevice)
        }
    }

    @Test("uniqueKey replaces the device's earlier task with the same key (lib/api-functions.ts:362-367)")
    func uniqueKey() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let first = try #require(
                try await target.acs.submit(TaskRequest(.reboot, uniqueKey: "campaign-1"), to: device).task
            )
            let second = try #require(
                try await target.acs.submit(TaskRequest(.reboot, uniqueKey: "campaign-1"), to: device).task
            )
            let other = try #require(
                try await target.acs.submit(TaskRequest(.reboot, uniqueKey: "campaign-2"), to: device).task
            )
            let tasks = try await target.acs.query(
                .tasks,
                CollectionQuery(query: .object([("device", .string(device))]))
            )
            let ids = Set(tasks.items.compactMap { $0["_id"]?.stringValue })
            #expect(ids == [second.id, other.id])
            #expect(!ids.contains(first.id))
        }
    }

    @Test(
        "a faulting task: 202 Task faulted, a fault on task_<id> with code and retries; retry deletes the fault; delete abandons"
    )
    func faultLifecycle() async throws {
        try await ContractTarget.with(
            .standIn,
            { $0.faults["reboot"] = .init(rate: 1, code: "cwmp.9001", message: "Request denied") }
        ) { target in
            let device = try await target.device()
            let submission = try await target.acs.submit(TaskRequest(.reboot), to: device, connectionRequest: true)
            #expect(submission.outcome == .faulted)
            let task = try #require(submission.task)
            guard case .faulted(let fault) = try await target.acs.taskStatus(task) else {
                Issue.record("no fault after 202 Task faulted")
                return
            }
            #expect(fault.id == task.faultID)
            #expect(fault.code == "cwmp.9001")
            #expect(fault.message == "Request denied")
            #expect(fault.retries == 0)
            #expect(fault.taskID == task.id)
            #expect(try await target.acs.faults(device: device).map(\.id) == [task.faultID])
            #expect(try await target.acs.retryTask(task.id))
            #expect(try await target.acs.taskStatus(task) == .pending)
            try await target.acs.deleteTask(task.id)
            #expect(try await target.acs.taskStatus(task) == .done)
            #expect(try await target.acs.faults(device: device).isEmpty)
        }
    }

    @Test("deleting a fault on a task channel deletes the task too (lib/nbi.ts:238-257; lib/api-functions.ts:397-410)")
    func deleteFault() async throws {
        try await ContractTarget.with(.standIn, { $0.faults["reboot"] = .init(rate: 1) }) { target in
            let task = try #require(
                try await target.acs.submit(
                    TaskRequest(.reboot),
                    to: try await target.device(),
                    connectionRequest: true
                ).task
            )
            try await target.acs.deleteFault(task.faultID)
            #expect(try await target.acs.taskStatus(task) == .done)
            #expect(
                try await target.acs.query(.tasks, CollectionQuery(query: .object([("_id", .string(task.id))]))).items
                    .isEmpty
            )
        }
    }

    @Test(
        "task ids: unknown is 404 Task not found; retrying an unknown one sends nothing (it would crash a worker)"
    )
    func unknownTask() async throws {
        try await ContractTarget.with { target in
            do {
                try await target.acs.deleteTask("0123456789abcdef01234567")
                Issue.record("deleted an unknown task")
            } catch let error as GenieACSError {
                #expect(error.isNotFound)
            }
            #expect(try await target.acs.retryTask("0123456789abcdef01234567") == false)
            await #expect(throws: GenieACSError.self) { try await target.acs.deleteTask("not-hex") }
            #expect(target.stat("crashes") == 0)
        }
    }

    @Test("an invalid task is refused before sending; sent raw, GenieACS drops the connection")
    func invalidTask() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let requestsBefore = target.stat("requests")
            do {
                _ = try await target.acs.submit(TaskRequest(.getParameterValues([])), to: device)
                Issue.record("an invalid task was sent")
            } catch let error as GenieACSError {
                #expect(error.isInvalidTask)
                #expect(error.description.contains("getParameterValues"))
            }
            #expect(target.stat("requests") == requestsBefore)
            do {
                _ = try await target.raw(
                    "POST",
                    "/devices/\(device.percentEncodedSegment)/tasks",
                    body: #"{"name":"getParameterValues","parameterNames":[]}"#
                )
                Issue.record("the stand-in answered an invalid task")
            } catch let error as HTTPClientError {
                #expect(error.kind == .connectionDropped)
            }
            #expect(target.stat("crashes") == 1)
        }
    }

    @Test("an expired task is dropped at the next session without a fault (lib/cwmp.ts:650-672)")
    func expiry() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let task = try #require(
                try await target.acs.submit(TaskRequest(.reboot, expiry: .after(seconds: 1)), to: device).task
            )
            try await Task.sleep(for: .milliseconds(1500))
            try await target.inform(device)
            #expect(try await target.acs.taskStatus(task) == .done)
            #expect(try await target.acs.faults(device: device).isEmpty)
        }
    }

    @Test("setParameterValues: the device takes the value at its session (lib/api-functions.ts:273-351)")
    func setValue() async throws {
        try await ContractTarget.with { target in
            let device = try await target.device()
            let document = try #require(try await target.acs.device(device))
            let root = document["Device"] != nil ? "Device" : "InternetGatewayDevice"
            let path = "\(root).ManagementServer.PeriodicInformInterval"
            let submission = try await target.acs.submit(
                TaskRequest(.setParameterValues([(path: path, value: .string("1234"), type: nil)])),
                to: device,
                connectionRequest: true
            )
            #expect(submission.outcome == .completed)
            let after = try #require(try await target.acs.device(device, projection: [path]))
            #expect(after.path(path)?["_value"]?.compactText == "1234")
        }
    }

    @Test("downloads are two-phase: the task completes when accepted, the new SoftwareVersion follows")
    func downloadSuccess() async throws {
        try await ContractTarget.with(.standIn, { $0.firmware.delayMs = 50 }) { target in
            try await target.acs.uploadFile(
                "fw-v9.bin",
                contents: [1, 2, 3],
                metadata: FileMetadata(version: "V9.0.0")
            )
            let device = try await target.device()
            let submission = try await target.acs.submit(
                TaskRequest(
                    .download(fileType: "1 Firmware Upgrade Image", fileName: "fw-v9.bin", targetFileName: nil)
                ),
                to: device,
                connectionRequest: true
            )
            #expect(submission.outcome == .completed)
            let task = try #require(submission.task)
            let upgraded = try await target.eventually {
                let d = try await target.acs.device(device)
                let version =
                    d?.path("Device.DeviceInfo.SoftwareVersion")?["_value"]
                    ?? d?.path("InternetGatewayDevice.DeviceInfo.SoftwareVersion")?["_value"]
                return version?.stringValue == "V9.0.0"
            }
            #expect(upgraded)
            #expect(try await target.acs.taskStatus(task) == .done)
        }
    }

    @Test("a failed download faults on task_<id> after the task document is gone")
    func downloadFault() async throws {
        try await ContractTarget.with(
            .standIn,
            {
                $0.firmware.successRate = 0
                $0.firmware.delayMs = 50
            }
        ) { target in
            try await target.acs.uploadFile("fw-bad.bin", contents: [1], metadata: FileMetadata(version: "V9.9"))
            let device = try await target.device()
            let submission = try await target.acs.submit(
                TaskRequest(
                    .download(fileType: "1 Firmware Upgrade Image", fileName: "fw-bad.bin", targetFileName: nil)
                ),
                to: device,
                connectionRequest: true
            )
            let task = try #require(submission.task)
            let faulted = try await target.eventually {
                if case .faulted(let fault) = try await target.acs.taskStatus(task) { return fault.code == "cwmp.9010" }
                return false
            }
            #expect(faulted)
            #expect(
                try await target.acs.query(.tasks, CollectionQuery(query: .object([("_id", .string(task.id))]))).items
                    .isEmpty
            )
        }
    }
}
