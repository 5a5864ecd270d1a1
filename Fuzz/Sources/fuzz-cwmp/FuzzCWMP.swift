import CWMP

/// The CWMP reader on arbitrary bodies: a message or a `CWMPParseError`, never a crash; a parsed
/// envelope serializes and reads back as the same envelope.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCWMP(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let parsed = try? CWMPParser().parse(bytes), let envelope = parsed.message.envelope else { return 0 }
    let again = try? CWMPParser().parse(CWMPSerializer.serialize(envelope))
    precondition(again?.message.envelope != nil, "a serialized envelope does not parse")
    return 0
}
