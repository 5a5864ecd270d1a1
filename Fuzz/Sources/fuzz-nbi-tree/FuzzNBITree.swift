import CWMP
import DeviceTrees

/// The GenieACS NBI device-document reader on arbitrary bytes: a tree or a `TreeSourceError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNBITree(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = try? ParameterTree.load(
        Array(UnsafeBufferPointer(start: data, count: size)),
        format: .nbiJSON,
        file: "fuzz.json"
    )
    return 0
}
