// Command-line, child-process and resource helpers shared by the benchmark programs.
public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The integer after `name` on the command line (`--devices 1000`), or `fallback`.
public func intOption(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let n = Int(arguments[i + 1]) else {
        return fallback
    }
    return n
}

/// Starts this binary again with `arguments` (its `serve` mode) and reads the URL from the
/// child's first line, `listening on <URL>`: servers run in their own process, so the
/// benchmark's CPU and memory figures are the client's alone.
public func startServeChild(_ arguments: [String]) throws -> (process: Process, url: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    var line = [UInt8]()
    while let b = pipe.fileHandleForReading.readData(ofLength: 1).first, b != 0x0A { line.append(b) }
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("listening on ") else {
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "child said: \(text)"])
    }
    return (process, String(text.dropFirst("listening on ".count)))
}

/// This process's CPU time (user + system, seconds) and peak resident memory (MB).
public func processUsage() -> (cpu: Double, maxRSSMB: Double) {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    let cpu =
        Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec)
        + Double(u.ru_stime.tv_usec) / 1e6
    return (cpu, Double(u.ru_maxrss) / 1024)
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), for figures taken on a shared machine.
public func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
