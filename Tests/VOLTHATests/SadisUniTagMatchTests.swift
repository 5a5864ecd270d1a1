import FerruleJSON
import Foundation
import Testing

@testable import VOLTHA

/// `uniTagMatch` read as the ONOS sadis app reads it: absent is `VlanId.NO_VID` (0), so an entry
/// without it is the same service as one provisioned with the default `--uni-tag-match 0`.
@Suite("SADIS: uniTagMatch as ONOS reads it")
struct SadisUniTagMatchTests {
    /// The test document with one more subscriber entry whose hsia service has `uniTagMatch` as given.
    static func document(uniTagMatch: String?) throws -> SadisDocument {
        let match = uniTagMatch.map { #", "uniTagMatch": \#($0)"# } ?? ""
        let entry = """
            {"id": "BBSM00000003-1", "nasPortId": "np3", "uniTagList": [{"serviceName": "hsia", "ponCTag": 900,
             "ponSTag": 900\(match), "technologyProfileId": 64, "upstreamBandwidthProfile": "User_Bandwidth1",
             "downstreamBandwidthProfile": "User_Bandwidth2", "isDhcpRequired": true, "isIgmpRequired": true}]}
            """
        let text = SadisTests.text.replacingOccurrences(
            of: #""nasId": "BBSIM_OLT_0"}"#,
            with: #""nasId": "BBSIM_OLT_0"}, "# + entry
        )
        return try SadisDocument(bytes: Array(text.utf8), file: "sadis.json")
    }

    static let request = ProvisionRequest(
        olt: "BBSIM_OLT_0",
        ponInterface: 0,
        onuSerial: "BBSM00000003",
        service: SadisTests.service
    )

    @Test("a service without uniTagMatch is 0; provisioning it with the default changes nothing; written back as 0")
    func absentIsNoVID() throws {
        var document = try Self.document(uniTagMatch: nil)
        let old = try #require(document.entry(id: "BBSM00000003-1").flatMap(SubscriberEntry.init(json:)))
        #expect(old.services.first?.uniTagMatch == 0)
        #expect(Self.request.service.uniTagMatch == 0, "the CLI's default is ONOS's")
        let merged = try OnuProvisioner.merged(Self.request, into: old)
        #expect(merged.services == old.services, "the same service: nothing to change")
        document.upsert(merged)
        let written = try #require(document.entry(id: "BBSM00000003-1"))
        let hsia = try #require(written["uniTagList"]?.arrayValue?.first)
        #expect(hsia["uniTagMatch"]?.intValue == 0, "what ONOS read before: \(hsia)")
        #expect(hsia["isIgmpRequired"]?.boolValue == true, "the operator's fields stay")
    }

    @Test("uniTagMatch -1 (VlanId.NONE) is kept as -1: a provision with the default 0 is another service, refused")
    func noneIsKept() throws {
        let document = try Self.document(uniTagMatch: "-1")
        let old = try #require(document.entry(id: "BBSM00000003-1").flatMap(SubscriberEntry.init(json:)))
        #expect(old.services.first?.uniTagMatch == -1)
        #expect(old.services.first?.json["uniTagMatch"]?.intValue == -1)
        let error = #expect(throws: VolthaError.self) { try OnuProvisioner.merged(Self.request, into: old) }
        #expect(error?.message.contains("--uni-tag-match -1 → 0") == true, "\(String(describing: error))")
    }
}
