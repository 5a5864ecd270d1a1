// campaign-bench: the campaign engine against the stand-in at fleet scale (issue "Campaign engine",
// targets: >= 20x the dispatch rate of a plain per-device script, <= 0.2 ms engine CPU per device,
// <= 300 MB peak memory, for 100,000 devices against the stand-in with zero latency).
//
//   campaign-bench [--devices N] [--concurrency N] [--poll-ms N] [--peer-seconds N] [--separate-cr]
//
// --separate-cr wakes each device with a second, empty POST after its task (the engine's former
// two calls per device) instead of in the task's own POST.
//   campaign-bench serve --devices N      (the stand-in, started by the benchmark as a child process)
//
// The stand-in runs in its own process, so CPU and memory are the engine's alone. The peer,
// Tools/bench-python-campaign.py (requests, one device after another), runs against a second
// stand-in in the same run.
import BenchSupport
import Campaigns
import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn

#if canImport(Glibc)
import Glibc
#endif

let deviceCount = intOption("--devices", 100_000)
let concurrency = intOption("--concurrency", 2000)
let peerSeconds = intOption("--peer-seconds", 20)
let pollMilliseconds = intOption("--poll-ms", 250)
let separateConnectionRequest = CommandLine.arguments.contains("--separate-cr")

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
let http = try HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 256))
let acs = try NBIClient(baseURL: url, http: http)
try await acs.uploadFile("fw-bench.bin", contents: [0], metadata: FileMetadata(version: "BENCH-2.0"))
let stateFile = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-bench-\(getpid()).sqlite").path
let store = try CampaignStore(path: stateFile)
let spec = CampaignSpec(
    name: "bench",
    change: .firmware(FirmwareChange(file: "fw-bench.bin", targetVersion: "BENCH-2.0")),
    rollout: Rollout(maxConcurrent: concurrency, retries: 0, deviceDeadlineSeconds: 3600, connectionRequest: true)
)
print(
    "stand-in: \(url) with \(deviceCount) devices (zero latency); engine max_concurrent \(concurrency), poll every \(pollMilliseconds) ms; "
        + (separateConnectionRequest ? "task POST + empty connection-request POST" : "one POST per device")
)
let before = processUsage()
var start = monotonicNanoseconds()
let campaign = try await CampaignCreator(store: store, acs: acs).create(spec, specText: "bench")
let createSeconds = Double(monotonicNanoseconds() - start) / 1e9
let afterCreate = processUsage()
start = monotonicNanoseconds()
var runner = CampaignRunner(
    store: store,
    acs: acs,
    pollInterval: .milliseconds(pollMilliseconds),
    httpConcurrency: 256,
    batchSize: 500
)
runner.connectionRequestWithTask = !separateConnectionRequest
let final = try await runner.run(campaign.id, spec: spec)
let runSeconds = Double(monotonicNanoseconds() - start) / 1e9
let after = processUsage()
let counts = try await store.counts(campaign.id)
let rate = Double(deviceCount) / runSeconds
print(
    String(
        format: "ferrule campaign: create (resolve + freeze) %.1f s; run %.1f s → %.0f devices/s pushed and verified; "
            + "engine CPU %.3f ms/device (create %.3f + run %.3f); peak RSS %.0f MB; %@ (%d succeeded, %d failed)",
        createSeconds,
        runSeconds,
        rate,
        (after.cpu - before.cpu) / Double(deviceCount) * 1000,
        (afterCreate.cpu - before.cpu) / Double(deviceCount) * 1000,
        (after.cpu - afterCreate.cpu) / Double(deviceCount) * 1000,
        after.maxRSSMB,
        final.status.rawValue,
        counts[.succeeded] ?? 0,
        counts[.failed] ?? 0
    )
)
try? FileManager.default.removeItem(atPath: stateFile)

// MARK: The peer: a plain per-device loop

child.terminate()
let (peerChild, peerURL) = try startServeChild(["serve", "--devices", String(deviceCount)])
defer { peerChild.terminate() }
let peer = Process()
peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
peer.arguments = ["python3", "Tools/bench-python-campaign.py", peerURL, "--seconds", String(peerSeconds)]
let peerOut = Pipe()
peer.standardOutput = peerOut
try peer.run()
let peerText = String(decoding: peerOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
peer.waitUntilExit()
print(peerText, terminator: "")
// "…, 12.3 devices/s, …" → 12.3
let words = peerText.split(separator: " ")
if let index = words.firstIndex(where: { $0.hasPrefix("devices/s") }), index > 0,
    let peerRate = Double(words[index - 1]), peerRate > 0
{
    print(String(format: "ratio: ferrule %.0fx the per-device script (target >= 20x)", rate / peerRate))
}
http.shutdown()
