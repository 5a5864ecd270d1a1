import FerruleCore
import Foundation
import Rules

/// The rule reader on arbitrary files: diagnostics, never a crash. The reader's public entry
/// takes paths, so each input is written to one scratch file first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = ScratchFile.path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { return 0 }
    var diagnostics = DiagnosticCollector()
    _ = RuleLoader.load([path], diagnostics: &diagnostics)
    return 0
}

/// One scratch rule file per fuzzing process.
enum ScratchFile {
    static let path = NSTemporaryDirectory() + "ferrule-fuzz-rules-\(getpid()).yaml"
}
