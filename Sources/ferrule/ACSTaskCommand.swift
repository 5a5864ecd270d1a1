import ArgumentParser
import CWMP
import FerruleJSON
import GenieACS

/// `ferrule acs task ID ACTION …`: queue one task on one device.
struct ACSTaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Send a task: reboot, factory-reset, refresh PATH, get PATH…, set PATH=VALUE…, download FILE.",
        discussion: """
            The task is checked before it is sent (GenieACS crashes a worker on an invalid one). \
            GenieACS's answer is printed with its reason phrase: "queued", "completed", "faulted", \
            or the connection-request error ("Device is offline"). With --wait the command polls the \
            task and its fault until it finishes or the time runs out; it exits 1 when the task \
            faulted and 2 when it is still pending at the end of the wait.

            Examples:
              ferrule acs task 00259E-HG8245-SR123 reboot --connection-request
              ferrule acs task 00259E-HG8245-SR123 set Device.WiFi.SSID.1.SSID=acme
              ferrule acs task 00259E-HG8245-SR123 download EG8145V5-V5R021C00S230.bin
            """
    )

    @OptionGroup var acs: ACSOptions

    @Argument(help: "The device id.")
    var device: String

    @Argument(help: "reboot | factory-reset | refresh | get | set | download")
    var action: String

    @Argument(help: "Paths (refresh, get), PATH=VALUE pairs (set) or the file name (download).")
    var arguments: [String] = []

    @Option(help: "The download's file type.")
    var fileType = "1 Firmware Upgrade Image"

    @Flag(help: "Wake the device with a connection request and wait for its session (up to ~150 s).")
    var connectionRequest = false

    @Option(help: "A uniqueKey: replaces an earlier task of this device with the same key.")
    var uniqueKey: String?

    @Option(help: "Drop the task if it has not run within this many seconds, 1-31536000 (a year).")
    var expiry: Int?

    @Option(help: "Poll until the task is done or faulted, for at most this many seconds, 1-86400.")
    var wait: Int?

    func validate() throws {
        if let expiry, !(1...31_536_000).contains(expiry) {
            throw ValidationError("--expiry \(expiry) is out of range: 1-31536000 seconds (a year)")
        }
        if let wait, !(1...86_400).contains(wait) {
            throw ValidationError("--wait \(wait) is out of range: 1-86400 seconds")
        }
    }

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func task() throws -> GenieACSTask {
        switch action {
        case "reboot":
            return .reboot
        case "factory-reset":
            return .factoryReset
        case "refresh":
            guard arguments.count == 1 else { throw ValidationError("refresh takes one object or parameter path") }
            return .refreshObject(arguments[0])
        case "get":
            guard !arguments.isEmpty else { throw ValidationError("get takes one or more parameter paths") }
            return .getParameterValues(arguments)
        case "set":
            guard !arguments.isEmpty else { throw ValidationError("set takes PATH=VALUE pairs") }
            return .setParameterValues(
                try arguments.map { pair in
                    guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                        throw ValidationError("\"\(SecretParameters.isSecret(pair) ? "…" : pair)\" is not PATH=VALUE")
                    }
                    return (
                        path: String(pair[..<eq]), value: .string(String(pair[pair.index(after: eq)...])), type: nil
                    )
                }
            )
        case "download":
            guard arguments.count == 1 else {
                throw ValidationError("download takes the name of a file stored in GenieACS")
            }
            return .download(fileType: fileType, fileName: arguments[0], targetFileName: nil)
        default:
            throw ValidationError(
                "unknown task \"\(action)\"; use reboot, factory-reset, refresh, get, set or download"
            )
        }
    }

    func run() async throws {
        let request = TaskRequest(try task(), uniqueKey: uniqueKey, expiry: expiry.map { .after(seconds: $0) })
        let client = try acs.client()
        let run = try await reportingACSErrors {
            try await TaskWaiter(acs: client, clock: ContinuousClock()).run(
                request,
                on: device,
                connectionRequest: connectionRequest,
                waitAtMost: wait.map { .seconds($0) }
            )
        }
        let submission = run.submission
        guard let task = submission.task else {
            StandardError.write(
                "error: GenieACS at \(client.baseURL) has no device \"\(device)\" (404 \(submission.reasonPhrase))\n"
            )
            throw ExitCode(1)
        }
        let (state, faultText) = Self.polledState(run.status) ?? (Self.describe(submission.outcome), "")
        let row = [
            task.id, task.device, request.task.name, state, "\(submission.status) \(submission.reasonPhrase)",
            faultText,
        ]
        TableOutput.print(
            columns: ["task", "device", "name", "state", "response", "fault"],
            rows: [row],
            format: format
        )
        if state == "faulted" { throw ExitCode(1) }
        if state == "pending", let wait {
            // `ferrule acs task … --wait 60 && next-step` must not go on as if the task had run.
            StandardError.write(
                "ferrule acs task: task \(task.id) is still pending after --wait \(wait) s: the device has not "
                    + "run it (offline, or its connection request failed); it stays queued in GenieACS\n"
            )
            throw ExitCode(2)
        }
    }

    /// A polled task's state and fault text; nil when it was not polled.
    static func polledState(_ status: TaskStatus?) -> (state: String, fault: String)? {
        switch status {
        case .done: ("done", "")
        case .faulted(let fault): ("faulted", "\(fault.code): \(fault.message) (retries \(fault.retries))")
        case .pending: ("pending", "")
        case nil: nil
        }
    }

    static func describe(_ outcome: TaskOutcome?) -> String {
        switch outcome {
        case .completed: "completed"
        case .queued: "queued"
        case .queuedNotProcessed: "queued (not processed)"
        case .faulted: "faulted"
        case .connectionRequestFailed(let failure): "queued (\(failure))"
        case .accepted(let reason): "queued (\(reason))"
        case nil: "not queued"
        }
    }
}
