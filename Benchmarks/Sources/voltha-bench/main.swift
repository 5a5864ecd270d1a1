// voltha-bench: Ferrule's VOLTHA client against voltha-standin, and the official Python stubs
// (Tools/bench-python-voltha.py) against the same stand-in in the same run.
//
//   swift build -c release --package-path Benchmarks --product voltha-bench
//   Benchmarks/.build/release/voltha-bench [--onus 10000] [--calls 20000] [--concurrency 100] [--runs 5] [--peer]
//
// 1. Inventory of N ONUs: ListDevices + ListDevicePorts per OLT + the join (VolthaClient.onuInventory),
//    median of --runs after a warm-up; also the join alone on already decoded devices.
// 2. Unary GetDevice calls at --concurrency in flight on one HTTP/2 connection: calls/s and this
//    process's CPU per call (the stand-in runs in its own process).
import BenchSupport
import Foundation
import VOLTHA

let onuCount = intOption("--onus", 10_000)
let callCount = intOption("--calls", 20_000)
let concurrency = intOption("--concurrency", 100)
let runs = intOption("--runs", 5)
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

// One OLT with 40 PON ports of 250 ONUs (10,000), all ACTIVE from the start.
let pons = max(1, (onuCount + 249) / 250)
let scenario = """
    timing: {mode: time, step_ms: 0}
    olts: [{pon_ports: \(pons), onus_per_pon: \(min(onuCount, 250)), provisioned: false}]

    """
let scenarioFile = FileManager.default.temporaryDirectory.appendingPathComponent("voltha-bench-\(getpid()).yaml")
try Data(scenario.utf8).write(to: scenarioFile)
defer { try? FileManager.default.removeItem(at: scenarioFile) }

let standIn = Process()
standIn.executableURL = root.appendingPathComponent(".venv-tools/bin/python")
standIn.arguments = [
    root.appendingPathComponent("Tools/voltha-standin/voltha_standin.py").path, "--port", "0", "--scenario",
    scenarioFile.path,
]
let pipe = Pipe()
standIn.standardOutput = pipe
try standIn.run()
var line = [UInt8]()
while let b = pipe.fileHandleForReading.readData(ofLength: 1).first, b != 0x0A { line.append(b) }
let address = String(decoding: line, as: UTF8.self).replacingOccurrences(of: "listening on ", with: "")
defer { standIn.terminate() }

let configuration = try VolthaConfiguration(address: address, callTimeout: .seconds(60))
try await withVolthaClient(configuration) { client in
    var inventory = try await client.onuInventory()
    var times: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = monotonicNanoseconds()
        inventory = try await client.onuInventory()
        times.append(Double(monotonicNanoseconds() - start) / 1e6)
    }
    times.sort()
    print(
        String(
            format: "ferrule (grpc-swift-2): inventory of %d ONUs: median %.0f ms, best %.0f ms",
            inventory.count,
            times[times.count / 2],
            times[0]
        )
    )
    let devices = try await client.devices()
    let olts = devices.filter(\.isRoot)
    var ports: [String: [DevicePort]] = [:]
    for olt in olts { ports[olt.id] = try await client.ports(deviceID: olt.id) }
    let join = measure(runs) { _ = OnuInventory.build(devices: devices, oltPorts: ports) }
    print(String(format: "ferrule: the join alone (decoded devices → inventory rows): median %.1f ms", join.median))

    let ids = inventory.map(\.deviceID)
    // Warm-up.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for i in 0..<concurrency { group.addTask { _ = try await client.device(id: ids[i % ids.count]) } }
        try await group.waitForAll()
    }
    let calls = try await runInFlight(callCount, concurrency: concurrency) { i in
        _ = try await client.device(id: ids[i % ids.count])
        return 1
    }
    print(
        String(
            format:
                "ferrule (grpc-swift-2, %d in flight, one connection): %d GetDevice calls: %.2f s, %.0f calls/s, CPU %.0f µs/call",
            concurrency,
            calls.sum,
            calls.seconds,
            Double(calls.sum) / calls.seconds,
            calls.cpuSeconds / Double(calls.sum) * 1e6
        )
    )
}

if CommandLine.arguments.contains("--peer") {
    let peer = Process()
    peer.executableURL = root.appendingPathComponent(".venv-tools/bin/python")
    peer.arguments = [
        root.appendingPathComponent("Tools/bench-python-voltha.py").path, address, "--calls", String(callCount),
        "--concurrency", String(concurrency), "--runs", String(runs),
    ]
    try peer.run()
    peer.waitUntilExit()
}
