// cwmp-bench: Ferrule's CWMP parser against the raw libxml2 SAX2 ceiling, on the same bytes.
//
//     cwmp-bench FILE... [--seconds N] [--json] [--only ferrule|raw] [--clock cpu|wall]
//     cwmp-bench --once ferrule|raw FILE...
//
// For each file (read once): (a) `CWMPParser().parse(bytes)` into typed messages, touching the
// result; (b) libxml2 SAX2 with no-op callbacks on one parser context reused for every
// iteration, as Ferrule reuses its pooled contexts (xmlNewParserCtxt once, handler memcpy'd into
// ctxt->sax, then xmlCtxtReadMemory per parse, which resets the context and keeps its dictionary:
// the fair ceiling, `libxml2-sax2-reuse`); (c) the same with a fresh context per iteration
// (xmlCreateMemoryParserCtxt, xmlCtxtUseOptions, xmlParseDocument, xmlFreeParserCtxt:
// `libxml2-sax2-fresh`, the former baseline). They run interleaved (one call of each per round,
// so a machine whose speed drifts slows all alike), after a warm-up, for about N seconds each
// (default 3) and at least 20 iterations; every iteration is timed by the thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID: a loaded shared machine does not inflate it), or CLOCK_MONOTONIC with
// `--clock wall`. Reports median and p90 seconds, MB/s (1 MB = 1e6 bytes) and the median in
// microseconds.
//
// `--once` reads and parses each file once with one side and prints only the totals to stderr: the
// whole-process baseline of Tools/bench-cwmp-cli.sh (`--once raw` is the raw SAX no-op over a
// corpus, process start and file reads included).
//
// Without --json a table goes to stdout. With --json one JSON object per file goes to stdout and
// the table to stderr.

import CBenchLibXML2
import CWMP
import FerruleJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Options

struct Options {
    var files: [String] = []
    var seconds = 3.0
    var json = false
    /// `--only ferrule` or `--only raw`: run one side (for profiling under perf or callgrind).
    var only: String?
    /// `--clock wall` times iterations by CLOCK_MONOTONIC; the default, `cpu`, by the thread's CPU time
    /// (CLOCK_THREAD_CPUTIME_ID), which a loaded shared machine does not inflate with time spent runnable.
    var wallClock = false
    /// `--once ferrule` or `--once raw`: each file read and parsed once, no timing (whole-process runs).
    var once: String?
    static let minIterations = 20

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            switch argument {
            case "--json":
                options.json = true
            case "--seconds":
                i += 1
                guard i < arguments.count, let value = Double(arguments[i]), value >= 0 else {
                    usage("--seconds needs a non-negative number")
                }
                options.seconds = value
            case "--clock":
                i += 1
                guard i < arguments.count, ["cpu", "wall"].contains(arguments[i]) else {
                    usage("--clock takes cpu or wall")
                }
                options.wallClock = arguments[i] == "wall"
            case "--only":
                i += 1
                guard i < arguments.count, ["ferrule", "raw"].contains(arguments[i]) else {
                    usage("--only takes ferrule or raw")
                }
                options.only = arguments[i]
            case "--once":
                i += 1
                guard i < arguments.count, ["ferrule", "raw"].contains(arguments[i]) else {
                    usage("--once takes ferrule or raw")
                }
                options.once = arguments[i]
            case "-h", "--help":
                usage(nil)
            default:
                if argument.hasPrefix("--") { usage("unknown option \(argument)") }
                options.files.append(argument)
            }
            i += 1
        }
        if options.files.isEmpty { usage("no input file") }
        return options
    }
}

func usage(_ problem: String?) -> Never {
    if let problem { printError("cwmp-bench: \(problem)") }
    printError("usage: cwmp-bench FILE... [--seconds N] [--json] [--only ferrule|raw] [--clock cpu|wall]")
    printError("       cwmp-bench --once ferrule|raw FILE...")
    exit(problem == nil ? 0 : 2)
}

func printError(_ line: String) {
    bench_printError(line)
}

// MARK: - Input

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count { break }
    }
    return ferror(file) == 0 ? bytes : nil
}

// MARK: - Timing

/// Nanoseconds on the chosen clock (the thread's CPU time, or CLOCK_MONOTONIC with `--clock wall`); no
/// Foundation, no allocation.
@inline(__always)
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(timingClock, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

struct Stats {
    var name: String
    var iterations: Int
    var median: Double
    var p90: Double
    var min: Double
    var bytes: Int
    /// What the last iteration returned (parameter count for Ferrule, wellFormed for raw SAX).
    var result: Int

    var mbPerSecond: Double { median > 0 ? Double(bytes) / 1e6 / median : .infinity }
    var medianMicroseconds: Double { median * 1e6 }
}

/// Anything an iteration returns is folded in here so the optimiser cannot drop the work.
nonisolated(unsafe) var sink = 0

/// Runs the workloads in turn, one call each per round, for about `seconds` each: a shared machine
/// whose speed drifts (other builds, frequency) slows every workload alike, so their ratios hold.
func measureInterleaved(_ workloads: [(name: String, body: () -> Int)], bytes: Int, seconds: Double) -> [Stats] {
    let warmupBudget = UInt64(Swift.min(seconds / 6, 0.5) * 1e9) * UInt64(workloads.count)
    let warmupStart = nowNanoseconds()
    var warmups = 0
    while warmups < 3 || nowNanoseconds() &- warmupStart < warmupBudget {
        for w in workloads { sink &+= w.body() }
        warmups += 1
    }
    var times = [[UInt64]](repeating: [], count: workloads.count)
    var last = [Int](repeating: 0, count: workloads.count)
    let budget = UInt64(seconds * 1e9) * UInt64(workloads.count)
    let start = nowNanoseconds()
    while times[0].count < Options.minIterations || nowNanoseconds() &- start < budget {
        for (k, w) in workloads.enumerated() {
            let t0 = nowNanoseconds()
            last[k] = w.body()
            let t1 = nowNanoseconds()
            times[k].append(t1 &- t0)
            sink &+= last[k]
        }
    }
    return workloads.indices.map { k in
        let sorted = times[k].sorted()
        let n = sorted.count
        let median =
            n % 2 == 1 ? Double(sorted[n / 2]) : (Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2
        let p90 = Double(sorted[Swift.max(0, Int((0.9 * Double(n)).rounded(.up)) - 1)])
        return Stats(
            name: workloads[k].name,
            iterations: n,
            median: median / 1e9,
            p90: p90 / 1e9,
            min: Double(sorted[0]) / 1e9,
            bytes: bytes,
            result: last[k]
        )
    }
}

// MARK: - Workloads

/// Ferrule: parse into typed messages and touch what came out.
func ferruleParse(_ parser: CWMPParser, _ bytes: [UInt8]) -> Int {
    let parsed: ParsedMessage
    do {
        parsed = try parser.parse(bytes)
    } catch {
        printError("cwmp-bench: Ferrule cannot parse the input: \(error)")
        exit(1)
    }
    return touch(parsed)
}

/// The number of parameters (or events) in the message; also reads every name's length.
func touch(_ parsed: ParsedMessage) -> Int {
    var nameBytes = 0
    var count = 0
    switch parsed.message.envelope?.body {
    case .getParameterValuesResponse(let response)?:
        count = response.parameters.count
        for p in response.parameters { nameBytes &+= p.name.utf8.count &+ (p.value == nil ? 0 : 1) }
    case .getParameterNamesResponse(let response)?:
        count = response.parameters.count
        for p in response.parameters { nameBytes &+= p.name.utf8.count &+ (p.writable ? 1 : 0) }
    case .inform(let inform)?:
        count = inform.parameters.count
        for p in inform.parameters { nameBytes &+= p.name.utf8.count &+ (p.value == nil ? 0 : 1) }
        nameBytes &+= inform.events.count &+ inform.deviceId.serialNumber.utf8.count
    case nil:
        count = 0
    case _?:
        count = 1
    }
    sink &+= nameBytes &+ parsed.warnings.count
    return count
}

/// libxml2 SAX2 with no-op callbacks, set up the way Ferrule's SAXTreeBuilder sets up its context.
func makeNoOpHandler() -> xmlSAXHandler {
    var h = xmlSAXHandler()
    h.initialized = XML_SAX2_MAGIC
    h.startElementNs = { _, _, _, _, _, _, _, _, _ in }
    h.endElementNs = { _, _, _, _ in }
    h.characters = { _, _, _ in }
    h.ignorableWhitespace = h.characters
    h.cdataBlock = { _, _, _ in }
    return h
}

/// Ferrule's options: XML_PARSE_NONET, plus IGNORE_ENC because Ferrule hands libxml2 UTF-8 it has
/// already transcoded (SAXTreeBuilder.build); the payloads here are UTF-8 either way.
let rawOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)

/// The fair ceiling: one context for every parse, reset by `xmlCtxtReadMemory` as Ferrule's
/// SAXTreeBuilder resets its pooled context (no document is built: the no-op handler has no
/// startDocument, so `xmlCtxtReadMemory` returns nil).
func rawSAXParseReusing(_ ctxt: xmlParserCtxtPtr, _ buffer: UnsafeRawBufferPointer) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    if let document = xmlCtxtReadMemory(
        ctxt,
        base.assumingMemoryBound(to: CChar.self),
        Int32(clamping: buffer.count),
        nil,
        nil,
        rawOptions
    ) {
        xmlFreeDoc(document)
    }
    return Int(bench_wellFormed(ctxt))
}

/// A fresh context per parse (the former baseline; it pays libxml2's context setup every time).
func rawSAXParse(_ buffer: UnsafeRawBufferPointer, _ handler: inout xmlSAXHandler) -> Int {
    guard let base = buffer.baseAddress,
        let ctxt = xmlCreateMemoryParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(clamping: buffer.count))
    else {
        printError("cwmp-bench: libxml2 could not create a parser context")
        exit(1)
    }
    defer { xmlFreeParserCtxt(ctxt) }
    xmlCtxtUseOptions(ctxt, rawOptions)
    bench_setSAX(ctxt, &handler, nil)
    xmlParseDocument(ctxt)
    return Int(bench_wellFormed(ctxt))
}

// MARK: - Output

func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
    var scale: Int64 = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int64((Swift.abs(x) * Double(scale)).rounded())
    var s = String(scaled / scale)
    if digits > 0 {
        let fraction = String(scaled % scale)
        s += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return x < 0 && scaled != 0 ? "-" + s : s
}

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let n = s.count
    guard n < width else { return s }
    let padding = String(repeating: " ", count: width - n)
    return left ? padding + s : s + padding
}

func jsonString(_ s: String) -> String {
    var out = ""
    JSONValue.quote(s, into: &out)
    return out
}

func jsonNumber(_ x: Double) -> String {
    x.isFinite ? "\(x)" : "null"
}

func jsonObject(file: String, bytes: Int, parameters: Int, results: [Stats]) -> String {
    let items = results.map { r in
        "{\"name\":\(jsonString(r.name)),\"iterations\":\(r.iterations),"
            + "\"medianSeconds\":\(jsonNumber(r.median)),\"p90Seconds\":\(jsonNumber(r.p90)),"
            + "\"minSeconds\":\(jsonNumber(r.min)),\"mbPerSecond\":\(jsonNumber(r.mbPerSecond)),"
            + "\"medianMicroseconds\":\(jsonNumber(r.medianMicroseconds))}"
    }
    return "{\"file\":\(jsonString(file)),\"bytes\":\(bytes),\"parameters\":\(parameters),"
        + "\"libxml2\":\(jsonString(String(cString: bench_libxmlVersion()))),"
        + "\"clock\":\(jsonString(options.wallClock ? "wall" : "cpu")),"
        + "\"results\":[\(items.joined(separator: ","))]}"
}

func baseName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

let columns: [(String, Int, Bool)] = [
    ("file", 20, false), ("bytes", 9, true), ("parser", 19, false), ("iters", 7, true),
    ("median ms", 10, true), ("p90 ms", 10, true), ("MB/s", 8, true), ("µs/parse", 10, true), ("params", 7, true),
]

func tableRow(_ cells: [String]) -> String {
    zip(cells, columns).map { pad($0, $1.1, left: $1.2) }.joined(separator: "  ")
}

// MARK: - Main

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let timingClock = options.wallClock ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID
xmlInitParser()
var handler = makeNoOpHandler()
let parser = CWMPParser()
guard let reusedContext = xmlNewParserCtxt() else {
    printError("cwmp-bench: libxml2 could not create a parser context")
    exit(1)
}
bench_setSAX(reusedContext, &handler, nil)

func emitTable(_ line: String) {
    if options.json { printError(line) } else { print(line) }
}

if let side = options.once {
    var total = 0
    var bytesRead = 0
    for path in options.files {
        guard let bytes = readFile(path) else {
            printError("cwmp-bench: cannot read \(path)")
            exit(1)
        }
        bytesRead += bytes.count
        if side == "ferrule" {
            total += ferruleParse(parser, bytes)
        } else if bytes.withUnsafeBytes({ rawSAXParseReusing(reusedContext, $0) }) != 1 {
            printError("cwmp-bench: libxml2 reports \(path) as not well formed")
            exit(1)
        }
    }
    printError("cwmp-bench --once \(side): \(options.files.count) files, \(bytesRead) bytes, \(total) parameters")
    exit(0)
}

emitTable("clock: \(options.wallClock ? "wall (CLOCK_MONOTONIC)" : "thread CPU time (CLOCK_THREAD_CPUTIME_ID)")")
emitTable(tableRow(columns.map(\.0)))
for path in options.files {
    guard let bytes = readFile(path) else {
        printError("cwmp-bench: cannot read \(path)")
        exit(1)
    }
    var results: [Stats] = []
    var workloads: [(name: String, body: () -> Int)] = []
    if options.only != "raw" { workloads.append(("ferrule", { ferruleParse(parser, bytes) })) }
    if options.only != "ferrule" {
        workloads.append(("libxml2-sax2-reuse", { bytes.withUnsafeBytes { rawSAXParseReusing(reusedContext, $0) } }))
        workloads.append(("libxml2-sax2-fresh", { bytes.withUnsafeBytes { rawSAXParse($0, &handler) } }))
    }
    results = measureInterleaved(workloads, bytes: bytes.count, seconds: options.seconds)
    if results.contains(where: { $0.name != "ferrule" && $0.result != 1 }) {
        printError("cwmp-bench: libxml2 reports \(path) as not well formed")
        exit(1)
    }
    for s in results {
        emitTable(
            tableRow([
                baseName(path), String(bytes.count), s.name, String(s.iterations), fixed(s.median * 1e3, 3),
                fixed(s.p90 * 1e3, 3), fixed(s.mbPerSecond, 1), fixed(s.medianMicroseconds, 1),
                s.name == "ferrule" ? String(s.result) : "-",
            ])
        )
    }
    if options.json {
        let parameters = results.first { $0.name == "ferrule" }?.result ?? 0
        print(jsonObject(file: path, bytes: bytes.count, parameters: parameters, results: results))
    }
}
if sink == 42 { printError("") }  // keeps `sink` observable
