import Campaigns
import FerruleCore

/// The campaign file reader on arbitrary text: a campaign or diagnostics, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCampaign(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var diagnostics = DiagnosticCollector()
    _ = CampaignFile.parse(text, file: "fuzz.yaml", diagnostics: &diagnostics)
    return 0
}
