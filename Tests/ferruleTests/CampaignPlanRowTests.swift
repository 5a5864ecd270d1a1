import FerruleJSON
import Testing

@testable import ferrule

/// `campaign plan --format json` keeps values and reasons apart; the text formats keep their columns.
@Suite struct CampaignPlanRowTests {
    static let rows = [
        CampaignPlanRow(
            device: "d1",
            action: .notApplicable,
            parameter: "Device.X.Y",
            reason: "the device lacks Device.X.Y"
        ),
        CampaignPlanRow(device: "d1", action: .notApplicable, reason: "the device lacks Device.X.Y"),
        CampaignPlanRow(device: "d2", action: .skip, reason: "already configured"),
        CampaignPlanRow(device: "d3", action: .set, parameter: "Device.A", now: "1", after: "2"),
        CampaignPlanRow(device: "d4", action: .set, parameter: "Device.A", after: "2"),
        CampaignPlanRow(device: "d5", action: .set, parameter: "Device.Key", after: "••••••", absentText: ""),
        CampaignPlanRow(
            device: "d6",
            action: .download,
            parameter: "SoftwareVersion",
            after: "1.3 (fw.bin)",
            absentText: "(unknown)"
        ),
    ]

    @Test("JSON: an absent value is null, the reason is its own member, never a value")
    func json() throws {
        let parsed = try JSONValue.parse(CampaignPlanRow.render(Self.rows, format: .json))
        guard case .array(let items) = parsed else {
            Issue.record("not an array: \(parsed)")
            return
        }
        func member(_ row: Int, _ name: String) -> JSONValue? {
            guard case .object(let members) = items[row] else { return nil }
            return members.first { $0.0 == name }?.1
        }
        #expect(items.count == Self.rows.count)
        for row in items.indices {
            guard case .object(let members) = items[row] else { continue }
            #expect(members.map(\.0).sorted() == CampaignPlanRow.jsonMembers.sorted(), "every row has every member")
        }
        #expect(member(0, "now") == .null)
        #expect(member(0, "after") == .null)
        #expect(member(0, "reason") == .string("the device lacks Device.X.Y"))
        #expect(member(1, "parameter") == .null)
        #expect(member(1, "after") == .null, "the reason is not the value after")
        #expect(member(2, "reason") == .string("already configured"))
        #expect(member(2, "after") == .null)
        #expect(member(3, "now") == .string("1"))
        #expect(member(3, "reason") == .null)
        #expect(member(4, "now") == .null)
        #expect(member(5, "now") == .null)
        #expect(member(6, "now") == .null)
    }

    @Test("table and CSV show what they always showed: (absent), (unknown), the reason under AFTER")
    func text() {
        #expect(
            Self.rows.map(\.cells) == [
                ["d1", "not applicable", "Device.X.Y", "(absent)", ""],
                ["d1", "not applicable", "", "", "the device lacks Device.X.Y"],
                ["d2", "skip", "", "", "already configured"],
                ["d3", "set", "Device.A", "1", "2"],
                ["d4", "set", "Device.A", "(absent)", "2"],
                ["d5", "set", "Device.Key", "", "••••••"],
                ["d6", "download", "SoftwareVersion", "(unknown)", "1.3 (fw.bin)"],
            ]
        )
        let csv = CampaignPlanRow.render(Self.rows, format: .csv)
        #expect(csv.hasPrefix("device,action,parameter,now,after\n"))
        #expect(csv.contains("d1,not applicable,Device.X.Y,(absent),\n"))
    }
}
