import DataModel

/// The validation policy reader on arbitrary bytes: a policy or a `PolicyError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    _ = try? ValidationPolicy.load(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.yaml")
    return 0
}
