import Campaigns
import FerruleCore
import FerruleJSON
import Testing

@testable import FerruleServer

/// The create routes' `warnings` are part of the contract: the document names every code they
/// return, and where.
@Suite("API document: create warnings")
struct APIWarningDocumentTests {
    /// Every code a campaign create returns in `warnings`: the engine's (``CampaignWarning``) and
    /// the campaign reader's.
    static let codes: [Diagnostic.Code] = [
        .missingFirmwareFile, .canaryHoldsEveryTarget, .emptyWaves, .downgradesDevices, .noTargets, .ambiguousTime,
        .invertedZone,
    ]

    /// The `description` of a schema's `warnings` property (through `allOf`).
    static func warningsDescription(_ schema: String) throws -> String {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        let node = try #require(document["components"]?["schemas"]?[schema])
        let parts = [node] + (node["allOf"]?.arrayValue ?? [])
        let found: JSONValue? = parts.compactMap { $0["properties"]?["warnings"] }.first
        let warnings = try #require(found, "\(schema)")
        return try #require(warnings["description"]?.stringValue, "\(schema)")
    }

    @Test("POST /ferrule/campaigns, schedules and mass-config jobs: every warning code is described")
    func everyCodeDescribed() throws {
        for schema in ["CampaignCreated", "FirmwareUpgradeScheduleResponse", "MassConfigResponse"] {
            let text = try Self.warningsDescription(schema)
            for code in Self.codes {
                #expect(text.contains("`\(code.rawValue)`"), "\(schema) does not describe \(code.rawValue)")
            }
        }
        // Schedules and jobs name the request field of each: the firmware file's is `firmware_file`.
        let request = try Self.warningsDescription("FirmwareUpgradeScheduleResponse")
        #expect(request.contains("`missing-firmware-file`"))
        #expect(request.contains("at `firmware_file`"), "\(request)")
        // … and so does the answer.
        let warning = CampaignWarning.missingFirmwareFile(file: "FW9.bin", acs: nil, at: SourceLocation(file: "x"))
        #expect(APIHandler.requestWarnings([warning]).map(\.file) == ["firmware_file"])
    }

    @Test("a firmware campaign whose file GenieACS lacks: 201 with missing-firmware-file at the file, as documented")
    func missingFirmwareFile() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            let spec = """
                name: fw
                firmware: {file: FW9.bin, target_version: FW9}
                devices: {all: true}

                """
            let created = try await client.send(.createCampaign(spec: spec))
            #expect(created.status == 201, "\(created.text)")
            let warnings: [JSONValue] = created.json["warnings"]?.arrayValue ?? []
            let first: JSONValue? = warnings.first { $0["code"]?.stringValue == "missing-firmware-file" }
            let warning = try #require(first, "\(created.text)")
            #expect(warning["severity"]?.stringValue == "warning")
            #expect(warning["line"]?.intValue == 2, "placed at the file: \(created.text)")
            #expect(warning["message"]?.stringValue?.contains("\"FW9.bin\" is not among the files GenieACS") == true)
            #expect(warning["message"]?.stringValue?.contains("memory://") == false, "no upstream address")
        }
    }
}
