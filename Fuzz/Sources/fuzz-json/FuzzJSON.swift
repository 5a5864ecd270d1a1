import FerruleJSON

/// FerruleJSON's parser on arbitrary bytes: a value or a `Failure`, never a crash; a parsed value
/// written back (document order) reads as the same value, and its canonical text is stable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let value = try? JSONValue.parse(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    let again = try? JSONValue.parse(Array(value.compactText.utf8))
    precondition(again == value, "compact text does not read back as the same value")
    let canonical = value.canonicalText
    precondition(
        (try? JSONValue.parse(Array(canonical.utf8)))?.canonicalText == canonical,
        "canonical text is not stable"
    )
    return 0
}
