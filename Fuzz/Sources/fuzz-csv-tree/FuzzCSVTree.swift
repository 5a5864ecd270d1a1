import CWMP
import DeviceTrees

/// The GenieACS CSV export reader on arbitrary bytes: a tree or a `TreeSourceError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVTree(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = try? ParameterTree.load(Array(UnsafeBufferPointer(start: data, count: size)), format: .csv, file: "fuzz.csv")
    return 0
}
