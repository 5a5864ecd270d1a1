import GenieACSStandIn

/// The GenieACS stand-in's collection query (`GET /devices/?query=…&sort=…`) on arbitrary bytes: the text up to the
/// first newline is the query, the rest (when present) the sort. Every input is answered or is a simulated worker
/// crash, never a trap, and the same input gives the same outcome.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStandInQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.firstIndex(of: 0x0A)
    let query = split.map { Array(bytes[..<$0]) } ?? bytes
    let sort = split.map { Array(bytes[($0 + 1)...]) }
    let first = StandInQueryFuzzing.run(query: query, sort: sort)
    precondition(first == StandInQueryFuzzing.run(query: query, sort: sort), "the same query answered differently")
    return 0
}
