import Foundation
import PONEvents

/// The direct wire-format reader of device events against SwiftProtobuf's generated decoder: for any
/// bytes, both give the same event or the same error. A difference is a crash, and libFuzzer keeps
/// the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // One fixed clock for both, so a time near the future-time limit cannot tell them apart.
    let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_800_000_000) }
    let direct = Result { () throws(PONEventDecodingError) in try PONEventDecoder(clock: clock).decode(bytes) }
    let generated = Result { () throws(PONEventDecodingError) in
        try PONEventDecoder(readsWireFormatDirectly: false, clock: clock).decode(bytes)
    }
    switch (direct, generated) {
    case (.success(let a), .success(let b)):
        precondition(a == b, "the wire reader and the generated decoder give different events")
    case (.failure(let a), .failure(let b)):
        precondition(a == b, "the wire reader and the generated decoder fail differently")
    default:
        preconditionFailure("only one of the wire reader and the generated decoder decodes the input")
    }
    return 0
}
