import CWMP
import Testing

@testable import DataModel

/// `<root>.Services.` holds service objects, each a model of its own (tr-181-2-17-0-cwmp-full.xml:3545,
/// tr-098-1-8-0-full.xml:1172).
@Suite("Service objects under Services.: checked by their model when loaded, else one warning per service")
struct ServiceModelTests {
    static func entry(_ path: String, _ value: String, line: Int) -> ParameterEntry {
        ParameterEntry(path: path, value: value, location: TreeLocation(file: "t.xml", line: line))
    }

    @Test(
        "a service whose model is not loaded is one warning naming it and how to load it, not unknown-parameter errors"
    )
    func unloaded() {
        let tree = ParameterTree([
            Self.entry("Device.Services.StorageServiceNumberOfEntries", "1", line: 4),
            Self.entry("Device.Services.StorageService.1.Enable", "true", line: 3),
            Self.entry("Device.Services.StorageService.1.Capabilities.FTPCapable", "true", line: 5),
            Self.entry("InternetGatewayDevice.Services.StorageService.1.Enable", "true", line: 8),
            Self.entry("Device.Services.STBService.1.Enable", "true", line: 9),
        ])
        let report = TreeValidator(models: Models.all).validate(tree)
        #expect(report.findings.allSatisfy { $0.code == .serviceNotLoaded && $0.severity == .warning })
        #expect(
            report.findings.map(\.path) == [
                "Device.Services.StorageService.", "InternetGatewayDevice.Services.StorageService.",
                "Device.Services.STBService.",
            ]
        )
        #expect(report.findings.first?.location?.line == 3)
        #expect(report.findings.first?.message.contains("--model") == true)
        #expect(report.findings.first?.message.contains("FERRULE_MODELS") == true)
        #expect(report.parametersChecked == 0)
    }

    @Test("VoiceService is checked by TR-104 when loaded, and is an unloaded service without it")
    func voiceService() {
        let tree = ParameterTree([
            Self.entry("Device.Services.VoiceService.1.Capabilities.MaxLineCount", "many", line: 2)
        ])
        #expect(TreeValidator(models: Models.all).validate(tree).findings.map(\.code) == [.invalidLexicalValue])
        let rootOnly = TreeValidator(models: ModelSet([Models.tr181])).validate(tree)
        #expect(rootOnly.findings.map(\.code) == [.serviceNotLoaded])
        #expect(rootOnly.findings.first?.path == "Device.Services.VoiceService.")
    }

    @Test("other unknown names stay unknown-parameter errors")
    func unknownElsewhere() {
        let tree = ParameterTree([Self.entry("Device.DeviceInfo.NoSuchThing", "x", line: 1)])
        #expect(TreeValidator(models: Models.all).validate(tree).findings.map(\.code) == [.unknownParameter])
        // A parameter right under Services. that is no service's counter.
        let leaf = ParameterTree([Self.entry("Device.Services.Bogus", "x", line: 1)])
        #expect(TreeValidator(models: Models.all).validate(leaf).findings.map(\.code) == [.unknownParameter])
    }
}
