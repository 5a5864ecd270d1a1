import PONEvents

/// PON event input on arbitrary bytes: the binary `event.Event` decoder, VOLTHA's and kafka-onos's
/// JSON decoders, the JSON Lines and the length-delimited replay parsers. Each gives events or typed errors, never a crash; and a
/// stream cut into two chunks at any point gives the same items as the whole.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvents(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? PONEventDecoder().decode(bytes)
    _ = try? PONEventDecoder().decode(json: bytes)
    _ = try? ONOSEventDecoder().decode(json: bytes, topic: "dhcp.events")
    let cut = size == 0 ? 0 : Int(bytes[0]) % (size + 1)
    for format in PONEventReplayFormat.allCases {
        let whole = PONEventReplayParser.parse(bytes, format: format, file: "fuzz", maxRecordBytes: 4096)
        var parser = PONEventReplayParser(file: "fuzz", format: format, maxRecordBytes: 4096)
        let chunked = parser.push(bytes[..<cut]) + parser.push(bytes[cut...]) + parser.finish()
        precondition(chunked == whole, "chunked \(format) parsing differs from whole parsing")
        var filter = PONEventFilter(settings: PONStormSettings(threshold: 2, window: 60, maxPorts: 8, maxONUs: 8))
        for case .event(let event, _, _) in whole { _ = filter.process(event) }
        _ = filter.finish()
    }
    return 0
}
