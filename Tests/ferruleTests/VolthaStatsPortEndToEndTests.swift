import FerruleTestSupport
import Foundation
import Testing

/// `ferrule voltha stats --port`: a port the OLT does not have is named with the ports it has,
/// before VOLTHA is asked (voltha-standin: one OLT with pon-0, pon-1 and nni-0).
@Suite("ferrule voltha stats --port: checked against the OLT's ports")
struct VolthaStatsPortEndToEndTests {
    @Test(
        "an unknown --port is not found (exit 1) naming the OLT's ports; --port on an ONU is refused; a known one works"
    )
    func unknownPort() async throws {
        let standIn = try await PythonStandIn.voltha(scenario: VolthaEndToEndTests.instant)
        defer { standIn.stop() }
        let missing = try await VolthaEndToEndTests.ferrule(["stats", "BBSIM_OLT_0", "--port", "pon-9"], standIn)
        #expect(missing.status == 1, "\(missing.combined)")
        #expect(missing.stdout.isEmpty, "no empty table: \(missing.stdout)")
        #expect(
            missing.stderr.contains("(BBSIM_OLT_0) has no PON or NNI port pon-9; its ports: nni-0, pon-0, pon-1"),
            "\(missing.stderr)"
        )
        #expect(missing.stderr.hasPrefix("error: \(standIn.firstLine): device "), "\(missing.stderr)")
        #expect(!missing.stderr.contains("REASON_UNDEFINED"), "VOLTHA was not asked: \(missing.stderr)")

        let wrongType = try await VolthaEndToEndTests.ferrule(["stats", "BBSIM_OLT_0", "--port", "uni-1"], standIn)
        #expect(
            wrongType.status == 1 && wrongType.stderr.contains("has no PON or NNI port uni-1"),
            "\(wrongType.stderr)"
        )

        let onu = try await VolthaEndToEndTests.ferrule(["stats", "BBSM00000001", "--port", "pon-0"], standIn)
        #expect(onu.status == 1, "\(onu.combined)")
        #expect(onu.stderr.contains("--port pon-0 names an OLT port"), "\(onu.stderr)")
        #expect(onu.stderr.contains("(BBSM00000001) is an ONU"), "\(onu.stderr)")
        #expect(onu.stdout.isEmpty, "\(onu.stdout)")

        let known = try await VolthaEndToEndTests.ferrule(
            ["stats", "BBSIM_OLT_0", "--port", "pon-1", "--format", "csv"],
            standIn
        )
        #expect(known.status == 0, "\(known.stderr)")
        #expect(known.stdout.contains(",oltPonStats,pon-1,portStatistics."), "\(known.stdout)")
        #expect(!known.stdout.contains(",pon-0,"), "only the port asked for: \(known.stdout)")
    }
}
