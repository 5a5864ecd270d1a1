// nbi-bench: Ferrule against the GenieACS NBI stand-in (issue "GenieACS NBI client …", targets:
// plan against 1,000 live presets <= 1 s; 10,000 task POSTs at concurrency 500, reporting tasks/s
// and the client's CPU per request).
//
//   nbi-bench [--presets N] [--tasks N] [--concurrency N] [--devices N] [--runs N]
//   nbi-bench serve --devices N        (the stand-in, started by the benchmark as a child process)
//
// The stand-in runs in a separate process (this binary with `serve`), so the CPU figures are the
// client's alone. The peer for the task POSTs is Tools/bench-python-tasks.py (requests + a thread
// pool), run by Tools/bench-nbi.sh against the same stand-in in the same run.
import BenchSupport
import CurlHTTP
import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Rules

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "serve" {
    var scenario = Scenario()
    scenario.devices = intOption("--devices", 1000)
    let server = try await StandInServer.start(scenario: scenario)
    FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
    while true { try await Task.sleep(for: .seconds(3600)) }
}

let presetCount = intOption("--presets", 1000)
let taskCount = intOption("--tasks", 10_000)
let concurrency = intOption("--concurrency", 500)
let deviceCount = intOption("--devices", 1000)
let runs = intOption("--runs", 5)
let externalURL = arguments.firstIndex(of: "--acs").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }

let (child, url): (Process?, String) =
    try externalURL.map { (nil, $0) }
    ?? {
        let s = try startServeChild(["serve", "--devices", String(deviceCount)])
        return (s.0, s.1)
    }()
defer { child?.terminate() }
print("stand-in: \(url) with \(deviceCount) devices")

let http = try HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: concurrency))
let acs = try NBIClient(baseURL: url, http: http)

// MARK: Plan against N live presets

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbi-bench-\(getpid())")
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
for file in 0..<((presetCount + 9) / 10) {
    var text = "rules:\n"
    for i in 0..<10 where file * 10 + i < presetCount {
        let n = file * 10 + i
        text += """
              - name: rule-\(n)
                match: {productClass: "EG8145V5", tags: {all: [ftth\(n % 7)]}}
                triggers: {events: ["2 PERIODIC"], weight: \(n % 100)}
                actions:
                  - set: {path: Device.ManagementServer.PeriodicInformInterval, value: \(300 + n % 600)}
                  - tag: {add: [seen\(n % 13)]}

            """
    }
    try Data(text.utf8).write(to: directory.appendingPathComponent("rules-\(file).yaml"))
}
var diagnostics = DiagnosticCollector()
let rules = RuleLoader.load([directory.path], diagnostics: &diagnostics)
let compiled = RuleCompiler.compile(rules, options: CompileOptions(), diagnostics: &diagnostics)
guard !diagnostics.hasErrors else {
    print(diagnostics.sorted.prefix(5).map(\.description).joined(separator: "\n"))
    exit(1)
}
let desired = try ArtifactSet(files: compiled.map { (path: $0.path, contents: $0.contents) })
let emptyPlan = Planner.plan(desired: desired, live: try await LiveArtifacts.read(from: acs), secrets: nil)
var start = monotonicNanoseconds()
_ = try await Deployer(acs: acs, concurrency: 32).deploy(
    emptyPlan,
    desired: desired,
    secrets: SecretStore(),
    prune: false,
    adopt: false
)
let deployMs = Double(monotonicNanoseconds() - start) / 1e6
var planTimes: [Double] = []
var lastPlan: Plan?
for _ in 0..<(runs + 1) {
    start = monotonicNanoseconds()
    lastPlan = Planner.plan(desired: desired, live: try await LiveArtifacts.read(from: acs), secrets: nil)
    planTimes.append(Double(monotonicNanoseconds() - start) / 1e6)
}
planTimes.removeFirst()
planTimes.sort()
let unchanged = lastPlan?.count(.unchanged) ?? 0
print(
    String(
        format:
            "deploy %d presets + %d provisions: %.0f ms; plan (read live + compare) median %.1f ms, best %.1f ms (%d unchanged) — target <= 1000 ms",
        presetCount,
        presetCount,
        deployMs,
        planTimes[planTimes.count / 2],
        planTimes[0],
        unchanged
    )
)

// MARK: N task POSTs at concurrency C

var deviceList: [String] = []
for try await page in acs.all(.devices, projection: ["_id"]) {
    deviceList += page.compactMap { $0["_id"]?.stringValue }
}
let devices = deviceList
guard !devices.isEmpty else {
    print("the stand-in has no devices")
    exit(1)
}
let posts = try await runInFlight(taskCount, concurrency: concurrency) { i in
    let submission = try await acs.submit(TaskRequest(.reboot), to: devices[i % devices.count])
    return submission.status == 202 || submission.status == 200 ? 1 : 0
}
print(
    String(
        format:
            "ferrule (libcurl multi): %d task POSTs at concurrency %d: %.2f s, %.0f tasks/s, CPU %.0f µs/request, %d accepted",
        taskCount,
        concurrency,
        posts.seconds,
        Double(taskCount) / posts.seconds,
        posts.cpuSeconds / Double(taskCount) * 1e6,
        posts.sum
    )
)
if externalURL == nil, CommandLine.arguments.contains("--peer") {
    let peer = Process()
    peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    peer.arguments = [
        "python3", "Tools/bench-python-tasks.py", url, "--tasks", String(taskCount), "--concurrency",
        String(concurrency),
    ]
    try peer.run()
    peer.waitUntilExit()
}
http.shutdown()
