import FerruleJSON
import GenieACS
import GenieACSStandIn
import PONTriggers
import Rules
import Testing

@Suite("ONU ↔ CPE correlation against the in-memory GenieACS")
struct CorrelationTests {
    static let now: Int64 = 1_764_927_000_000

    /// Ten TR-098 CPEs whose SerialNumber is `prefix` + six digits (000000 … 000009).
    static func acs(prefix: String) throws -> InMemoryGenieACS {
        try InMemoryGenieACS(
            scenario: Scenario(devices: 10, fixtures: [.init(.embeddedTR098)], serialPrefix: prefix)
        ) { now }
    }

    @Test("a CPE reporting the GPON serial as is matches")
    func sameText() async throws {
        let acs = try Self.acs(prefix: "HWTC00")
        let result = try await CPECorrelator(acs: acs.nbi).correlate(serial: "HWTC00000003")
        guard case .matched(let id) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(id.hasSuffix("-HWTC00000003"))
    }

    @Test("a CPE reporting the vendor letters hex-encoded matches, its hex digits in upper or lower case")
    func hexVendor() async throws {
        let acs = try Self.acs(prefix: "4857544300")
        let result = try await CPECorrelator(acs: acs.nbi).correlate(serial: "HWTC00000004")
        let expected = try #require(acs.deviceIDs().first { $0.hasSuffix("4857544300000004") })
        #expect(result == .matched(deviceID: expected))
        let lowerHex = try Self.acs(prefix: "485754430a")
        let mixed = try await CPECorrelator(acs: lowerHex.nbi).correlate(serial: "HWTC0A000001")
        guard case .matched = mixed else {
            Issue.record("\(mixed)")
            return
        }
    }

    @Test("per-vendor settings: a vendor set to hex-vendor only does not match the plain form")
    func perVendor() async throws {
        let acs = try Self.acs(prefix: "HWTC00")
        let settings = CorrelationSettings(vendors: ["HWTC": .init(serialForms: [.hexVendor])])
        let result = try await CPECorrelator(acs: acs.nbi, settings: settings).correlate(serial: "HWTC00000003")
        guard case .unmatched(let serial, let query) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(serial == "HWTC00000003")
        #expect(query.contains("485754430") && !query.contains("\"HWTC00000003\""))
    }

    @Test("an ONU without a CPE is reported unmatched with the query asked, never guessed")
    func unmatched() async throws {
        let acs = try Self.acs(prefix: "HWTC00")
        let result = try await CPECorrelator(acs: acs.nbi).correlate(serial: "ALCL00000003")
        #expect(
            result
                == .unmatched(
                    serial: "ALCL00000003",
                    query:
                        #"{"$or":[{"_deviceId._SerialNumber":"ALCL00000003"},{"_deviceId._SerialNumber":"414C434C00000003"},{"_deviceId._SerialNumber":"414c434c00000003"}]}"#
                )
        )
        #expect(result.description.hasPrefix("no CPE matches ONU ALCL00000003"))
    }

    @Test("two CPEs matching (here through the configured parameter) is ambiguous and reported with both ids")
    func ambiguous() async throws {
        let acs = try Self.acs(prefix: "HWTC00")
        let settings = CorrelationSettings(
            defaultStrategy: .init(serialForms: [.gpon], parameter: "InternetGatewayDevice.DeviceInfo.ModelName")
        )
        let result = try await CPECorrelator(acs: acs.nbi, settings: settings).correlate(serial: "HG8245H")
        guard case .ambiguous(let serial, let ids, let total) = result else {
            Issue.record("\(result)")
            return
        }
        #expect(serial == "HG8245H" && ids.count == 2 && total == 10)
        #expect(result.description.contains("nothing done"))
    }

    @Test("the query names every candidate form and the configured parameter")
    func query() throws {
        let acs = try Self.acs(prefix: "HWTC00")
        let settings = CorrelationSettings(
            defaultStrategy: .init(serialForms: [.gpon], parameter: "Device.X.PonSerial")
        )
        let query = CPECorrelator(acs: acs.nbi, settings: settings).query(forSerial: "HWTC1A2B3C4D", vendor: nil)
        #expect(
            query.compactText
                == #"{"$or":[{"_deviceId._SerialNumber":"HWTC1A2B3C4D"},{"_deviceId._SerialNumber":"HWTC1a2b3c4d"},"#
                + #"{"Device.X.PonSerial":"HWTC1A2B3C4D"}]}"#
        )
    }
}
