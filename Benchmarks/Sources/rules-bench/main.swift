// rules-bench: the rule compiler and evaluator at fleet scale (issue "Rule language and compiler",
// targets: compile 1,000 generated rules <= 0.5 s; evaluate 1,000 rules against a 5,000-parameter
// tree <= 10 ms).
//
//   rules-bench TREE [--rules N] [--runs N]
//
// Generates N rules (default 1,000) mixing the language's features into a temporary directory,
// then reports the median of --runs (default 7) for: load (YAML → rules), compile (→ presets,
// provisions, manifest) and evaluate (every rule against TREE with GenieACS semantics).
import BenchSupport
import CWMP
import DeviceTrees
import FerruleCore
import Foundation
import Rules

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let ruleCount = intOption("--rules", 1000)
let runs = intOption("--runs", 7)
guard let treeFile = arguments.first(where: { !$0.hasPrefix("--") && Int($0) == nil }) else {
    print("usage: rules-bench TREE [--rules N] [--runs N]")
    exit(2)
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-bench-\(getpid())")
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let productClasses = ["EG8145V5", "EX220", "HGW-4000", "G-1425G-A", "ZXHN H199A"]
for file in 0..<(ruleCount / 10) {
    var text = "rules:\n"
    for i in 0..<10 {
        let n = file * 10 + i
        var lines = [
            "  - name: rule-\(n)",
            "    match:",
            "      productClass: \"\(productClasses[n % productClasses.count])\"",
            "      tags: {all: [ftth\(n % 7)], none: [lab]}",
            "      parameters:",
            "        - {path: Device.DeviceInfo.ProvisioningCode, notEquals: \"X\(n)\"}",
        ]
        if n % 3 == 0 { lines.append("      softwareVersion: {lt: \"5.\(n % 50).1\"}") }
        lines += [
            "    precondition: \"Tags.beta IS NULL OR DeviceID.SerialNumber LIKE '\(n % 10)%'\"",
            "    triggers: {events: [\"2 PERIODIC\"], weight: \(n % 100)}",
            "    actions:",
            "      - set: {path: Device.ManagementServer.PeriodicInformInterval, value: \(300 + n % 600)}",
            "      - wifi: {band: 2.4GHz, ssid: \"Net-${right(device.serialNumber, 4)}\", passphrase: \"${secret:WIFI}\", channel: auto}",
            "      - tag: {add: [seen\(n % 13)]}",
        ]
        text += lines.joined(separator: "\n") + "\n"
    }
    try Data(text.utf8).write(to: directory.appendingPathComponent("rules-\(file).yaml"))
}

var diagnostics = DiagnosticCollector()
var set = RuleLoader.load([directory.path], diagnostics: &diagnostics)
guard !diagnostics.hasErrors else {
    print(diagnostics.sorted.prefix(5).map(\.description).joined(separator: "\n"))
    exit(1)
}
let treeBytes = Array(try Data(contentsOf: URL(fileURLWithPath: treeFile)))
let tree = try ParameterTree.load(treeBytes, file: treeFile).tree
let state = DeviceState.from(tree: tree, tags: ["ftth1", "ftth3"], events: ["2 PERIODIC"], now: 1_795_000_000_000)

let load = measure(runs) {
    var d = DiagnosticCollector()
    set = RuleLoader.load([directory.path], diagnostics: &d)
}.median
var artifacts: [CompiledArtifact] = []
let compile = measure(runs) {
    var d = DiagnosticCollector()
    artifacts = RuleCompiler.compile(set, options: CompileOptions(), diagnostics: &d)
}.median
var matched = 0
var prepared: [PreparedRule] = []
let prepare = measure(runs) { prepared = set.rules.map(PreparedRule.init) }.median
let evaluate = measure(runs) {
    matched = RuleEvaluator.evaluate(prepared, on: state).filter(\.matches).count
}.median
try? FileManager.default.removeItem(at: directory)

print(
    "rules: \(set.rules.count); artifacts: \(artifacts.count); tree: \(tree.count) entries; matching rules: \(matched); runs: \(runs)\n"
)
print("| step | median ms | target |")
print("|---|---:|---|")
print("| load \(set.rules.count) rules (YAML) | \(String(format: "%.1f", load)) | |")
print(
    "| compile \(set.rules.count) rules | \(String(format: "%.1f", compile)) | \(compile <= 500 ? "PASS" : "FAIL") (≤ 500 ms) |"
)
print(
    "| load + compile | \(String(format: "%.1f", load + compile)) | \(load + compile <= 500 ? "PASS" : "FAIL") (≤ 500 ms) |"
)
print("| prepare \(set.rules.count) rules for evaluation (once per rule set) | \(String(format: "%.1f", prepare)) | |")
print(
    "| evaluate \(set.rules.count) rules on one device | \(String(format: "%.2f", evaluate)) | \(evaluate <= 10 ? "PASS" : "FAIL") (≤ 10 ms) |"
)
