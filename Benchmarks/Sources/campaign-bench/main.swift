// campaign-bench: the campaign engine against the stand-in at fleet scale (issue 16 targets:
// <= 0.1 ms engine CPU per device for create + run, >= 3x the devices/s of a concurrent Python
// peer at the same concurrency, <= 300 MB engine peak memory at 1,000,000 devices; the stand-in
// has zero latency).
//
//   campaign-bench [--devices N] [--concurrency N] [--http N] [--poll-ms N] [--session-wait-ms N]
//                  [--peer-seconds N] [--separate-cr] [--no-peer]
//
// --session-wait-ms (default 5000; 0 = answer at once) is the task POST's `timeout`: the rollout's
// `session_wait`, for devices expected online; a 200 settles the download without a task poll.
// --separate-cr wakes each device with a second, empty POST after its task (the engine's former
// two calls per device) instead of in the task's own POST. --http is the engine's NBI concurrency
// (default 256) and the concurrent peer's.
//   campaign-bench serve --devices N      (the stand-in, started by the benchmark as a child process)
//
// The stand-in runs in its own process, so CPU and memory are the engine's alone; its peak RSS is
// read from /proc before it is stopped. The peers, Tools/bench-python-campaign.py serial
// (requests, one device after another) and concurrent (asyncio + aiohttp, --http devices at
// once, the same one-POST form and poll interval), each run against a fresh stand-in in the same
// run (.venv-bench's python when present).
import BenchSupport
import Campaigns
import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

let deviceCount = intOption("--devices", 100_000)
let concurrency = intOption("--concurrency", 2000)
let peerSeconds = intOption("--peer-seconds", 20)
let pollMilliseconds = intOption("--poll-ms", 250)
let sessionWaitMilliseconds = intOption("--session-wait-ms", 5000)
let httpConcurrency = intOption("--http", 256)
let separateConnectionRequest = CommandLine.arguments.contains("--separate-cr")
let runPeers = !CommandLine.arguments.contains("--no-peer")

/// A child's peak resident memory (MB), from /proc/<pid>/status (VmHWM).
func childPeakRSSMB(_ process: Process) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

/// A child's CPU time so far (user + system, seconds), from /proc/<pid>/stat (fields 14 and 15, in clock ticks).
func childCPUSeconds(_ process: Process) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return .nan }
    // After "pid (comm)": field 3 is the state, so utime (14) and stime (15) are the 12th and 13th from there.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "serve" {
    var scenario = Scenario(devices: deviceCount)
    scenario.informIntervalSeconds = 0
    scenario.latencies = .init(crToSessionMs: 0, sessionDurationMs: 0, responseDelayMs: 0)
    scenario.firmware.delayMs = 0
    scenario.firmware.versions = ["fw-bench.bin": "BENCH-2.0"]
    let server = try await StandInServer.start(scenario: scenario)
    FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
    while true { try await Task.sleep(for: .seconds(3600)) }
}

// MARK: Ferrule's engine

let (child, url) = try startServeChild(["serve", "--devices", String(deviceCount)])
defer { child.terminate() }
let http = try HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: httpConcurrency))
let acs = try NBIClient(baseURL: url, http: http)
try await acs.uploadFile("fw-bench.bin", contents: [0], metadata: FileMetadata(version: "BENCH-2.0"))
let stateFile = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-bench-\(getpid()).sqlite").path
let store = try CampaignStore(path: stateFile)
let spec = CampaignSpec(
    name: "bench",
    change: .firmware(FirmwareChange(file: "fw-bench.bin", targetVersion: "BENCH-2.0")),
    rollout: Rollout(
        maxConcurrent: concurrency,
        retries: 0,
        deviceDeadlineSeconds: 3600,
        connectionRequest: true,
        sessionWaitSeconds: Double(sessionWaitMilliseconds) / 1000
    )
)
print(
    "stand-in: \(url) with \(deviceCount) devices (zero latency); engine max_concurrent \(concurrency), "
        + "NBI concurrency \(httpConcurrency), poll every \(pollMilliseconds) ms (spacing out while nothing changes); "
        + (separateConnectionRequest
            ? "task POST + empty connection-request POST"
            : "one POST per device, session_wait \(sessionWaitMilliseconds) ms")
        + "; load \(loadAverage())"
)
let before = processUsage()
let standInBefore = childCPUSeconds(child)
var start = monotonicNanoseconds()
let campaign = try await CampaignCreator(store: store, acs: acs).create(spec, specText: "bench").record
let createSeconds = Double(monotonicNanoseconds() - start) / 1e9
let afterCreate = processUsage()
start = monotonicNanoseconds()
var runner = CampaignRunner(
    store: store,
    acs: acs,
    pollInterval: .milliseconds(pollMilliseconds),
    httpConcurrency: httpConcurrency,
    batchSize: 500
)
runner.connectionRequestWithTask = !separateConnectionRequest
FileHandle.standardError.write(
    Data(String(format: "created in %.1f s; running (progress every 30 s on stderr)\n", createSeconds).utf8)
)
/// The last progress line's time: one line per 30 s on stderr, so a long run shows how far it got and its rate.
final class ProgressClock: Sendable {
    let last = Mutex(monotonicNanoseconds())
}
let lastProgress = ProgressClock()
let runStart = start
let final = try await runner.run(campaign.id, spec: spec) { report in
    let now = monotonicNanoseconds()
    let due = lastProgress.last.withLock { last in
        guard now - last >= 30_000_000_000 else { return false }
        last = now
        return true
    }
    guard due else { return }
    let seconds = Double(now - runStart) / 1e9
    FileHandle.standardError.write(
        Data(
            String(
                format: "%.0f s: %d of %d finished (%.0f devices/s), %d in flight; engine RSS %.0f MB\n",
                seconds,
                report.finished,
                report.total,
                Double(report.finished) / max(seconds, 0.001),
                report.count(.pushing) + report.count(.pushed) + report.count(.verifying),
                processUsage().maxRSSMB
            ).utf8
        )
    )
}
let runSeconds = Double(monotonicNanoseconds() - start) / 1e9
let after = processUsage()
let standInCPU = childCPUSeconds(child) - standInBefore
let counts = try await store.counts(campaign.id)
let rate = Double(deviceCount) / runSeconds
print(
    String(
        format: "ferrule campaign: create (resolve + freeze) %.1f s; run %.1f s → %.0f devices/s pushed and verified; "
            + "engine CPU %.3f ms/device (create %.3f + run %.3f), stand-in %.3f ms/device; "
            + "peak RSS %.0f MB (stand-in %.0f MB); "
            + "%@ (%d succeeded, %d failed)",
        createSeconds,
        runSeconds,
        rate,
        (after.cpu - before.cpu) / Double(deviceCount) * 1000,
        (afterCreate.cpu - before.cpu) / Double(deviceCount) * 1000,
        (after.cpu - afterCreate.cpu) / Double(deviceCount) * 1000,
        standInCPU / Double(deviceCount) * 1000,
        after.maxRSSMB,
        childPeakRSSMB(child),
        final.status.rawValue,
        counts[.succeeded] ?? 0,
        counts[.failed] ?? 0
    )
)
try? FileManager.default.removeItem(atPath: stateFile)

// MARK: The peers: a per-device loop, serial and concurrent

child.terminate()
/// Runs Tools/bench-python-campaign.py against a fresh stand-in; returns its devices/s.
func runPeer(_ extra: [String]) throws -> Double? {
    let (peerChild, peerURL) = try startServeChild(["serve", "--devices", String(deviceCount)])
    defer { peerChild.terminate() }
    let venv = ".venv-bench/bin/python"
    let peer = Process()
    peer.executableURL = URL(
        fileURLWithPath: FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    )
    peer.arguments = ["Tools/bench-python-campaign.py", peerURL, "--seconds", String(peerSeconds)] + extra
    let peerOut = Pipe()
    peer.standardOutput = peerOut
    let standInBefore = childCPUSeconds(peerChild)
    try peer.run()
    let peerText = String(decoding: peerOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    peer.waitUntilExit()
    let standInCPU = childCPUSeconds(peerChild) - standInBefore
    print(peerText, terminator: "")
    // "…, 12.3 devices/s, …" → 12.3
    let words = peerText.split(separator: " ")
    guard let index = words.firstIndex(where: { $0.hasPrefix("devices/s") }), index > 0,
        let peerRate = Double(words[index - 1]), peerRate > 0
    else { return nil }
    // "… 1234 devices in …" → the stand-in's CPU per device the peer completed (its start-up listing included).
    if let done = words.firstIndex(where: { $0 == "devices" }).flatMap({ $0 > 0 ? Double(words[$0 - 1]) : nil }),
        done > 0
    {
        print(String(format: "  stand-in CPU for that peer: %.3f ms/device", standInCPU / done * 1000))
    }
    return peerRate
}

if runPeers {
    if let serial = try runPeer([]) {
        print(String(format: "ratio: ferrule %.0fx the serial per-device script", rate / serial))
    }
    let concurrentArguments = [
        "--concurrency", String(httpConcurrency), "--poll-ms", String(pollMilliseconds), "--timeout-ms",
        String(max(sessionWaitMilliseconds, 0)),
    ]
    if let concurrent = try runPeer(concurrentArguments) {
        print(
            String(
                format: "ratio: ferrule %.1fx the concurrent asyncio script at %d at once (target >= 3x); load %@",
                rate / concurrent,
                httpConcurrency,
                loadAverage()
            )
        )
    }
}
http.shutdown()
