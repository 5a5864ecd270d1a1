import Rules

/// The GenieACS expression parser on arbitrary text, in both contexts: an expression or an
/// `ExpressionError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for context in ExpressionContext.allCases {
        _ = try? Expression.parse(text, context: context)
    }
    return 0
}
