import BenchSupport
// model-bench: how fast Ferrule loads Broadband Forum data models and validates a device tree
// (issue "Validate CPE parameter trees", targets: TR-181 2.17 from XML <= 300 ms, compiled <= 20 ms,
// a 5,000-parameter tree <= 5 ms).
//
//   model-bench MODEL.xml TREE [--runs N]
//
// Prints the median and best of N runs (default 15) for: XML load, compile, compiled load, model
// set preparation (pattern compilation) and validation of TREE (any source ParameterTree.load reads).
import CWMP
import DataModel
import DeviceTrees
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 15
var validateOnly = false
if let i = arguments.firstIndex(of: "--validate-only") {
    validateOnly = true
    arguments.remove(at: i)
}
if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    runs = max(3, n)
    arguments.removeSubrange(i...(i + 1))
}
guard arguments.count == 2 else {
    print("usage: model-bench MODEL.xml TREE [--runs N]")
    exit(2)
}
let modelFile = arguments[0]
let treeFile = arguments[1]

do {
    let xml = Array(try Data(contentsOf: URL(fileURLWithPath: modelFile)))
    let treeBytes = Array(try Data(contentsOf: URL(fileURLWithPath: treeFile)))
    var model = try DataModelLoader.loadXML(xml, file: modelFile)
    var compiled: [UInt8] = []
    var set = ModelSet([model])
    let (tree, _) = try ParameterTree.load(treeBytes, file: treeFile)
    var report = TreeValidator(models: set).validate(tree)

    if validateOnly {
        let validator = TreeValidator(models: set)
        let t = measure(runs) { report = validator.validate(tree) }
        print("validate \(tree.count)-entry tree: median \(t.median) ms, best \(t.best) ms")
        exit(0)
    }
    let xmlLoad = try measure(runs) { model = try DataModelLoader.loadXML(xml, file: modelFile) }
    let compile = measure(runs) { compiled = CompiledModel.encode(model, sourceHash: CompiledModel.sourceHash(xml)) }
    let compiledLoad = try measure(runs) { model = try DataModelLoader.load(compiled, file: "model.fmodel") }
    let prepare = measure(runs) { set = ModelSet([model]) }
    let validator = TreeValidator(models: set)
    let validate = measure(runs) { report = validator.validate(tree) }

    func row(_ name: String, _ t: (median: Double, best: Double), _ note: String) {
        let median = String(format: "%9.2f", t.median)
        let best = String(format: "%9.2f", t.best)
        print("| \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) | \(median) | \(best) | \(note) |")
    }
    print(
        "model: \(model.name) (\(xml.count) bytes XML, \(compiled.count) bytes compiled), \(model.objects.count) objects, \(model.parameters.count) parameters"
    )
    print(
        "tree: \(treeFile), \(tree.count) entries; \(report.findings.count) findings, \(report.parametersChecked) checked, \(report.vendorParameters) vendor"
    )
    print("runs: \(runs)\n")
    print("| step | median ms | best ms | target |")
    print("|---|---:|---:|---|")
    row("load TR XML (parse + resolve)", xmlLoad, "<= 300 ms" + (xmlLoad.median <= 300 ? " PASS" : " FAIL"))
    row("compile to .fmodel", compile, "")
    row("load compiled .fmodel", compiledLoad, "<= 20 ms" + (compiledLoad.median <= 20 ? " PASS" : " FAIL"))
    row("prepare model set (patterns)", prepare, "")
    row("validate \(tree.count)-entry tree", validate, "<= 5 ms" + (validate.median <= 5 ? " PASS" : " FAIL"))
} catch {
    print("model-bench: \(error)")
    exit(1)
}
