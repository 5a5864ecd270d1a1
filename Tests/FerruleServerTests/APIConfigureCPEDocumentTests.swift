import FerruleJSON
import FerruleServer
import Testing

/// The document lists every status configure-cpe answers, 409 (not applicable) included.
@Suite("API document: configure-cpe's statuses")
struct APIConfigureCPEDocumentTests {
    @Test("configure-cpe declares 409 for sections that do not apply to the device")
    func conflictDeclared() throws {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        let responses = document["paths"]?["/genieacs/tasks/configure-cpe"]?["post"]?["responses"]
        let codes = Set((responses?.objectMembers ?? []).map(\.0))
        #expect(codes.contains("409"), "\(codes.sorted())")
        #expect(codes.isSuperset(of: ["200", "401", "403", "404", "422", "502", "503"]), "\(codes.sorted())")
    }
}
