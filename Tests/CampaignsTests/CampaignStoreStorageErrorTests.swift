import FerruleTestSupport
import Foundation
import Testing

@testable import Campaigns

/// A full or failing disk under the campaign state file: the error names the file, what failed, SQLite's code and
/// what to do, and nothing of the write is kept.
@Suite struct CampaignStoreStorageErrorTests {
    static func campaign(_ id: String) -> CampaignRecord {
        CampaignRecord(
            id: id,
            name: "full",
            kind: "firmware",
            specText: "name: full",
            specFile: "full.yaml",
            acsURL: "http://127.0.0.1:7557",
            createdAt: 1_735_689_600_000
        )
    }

    @Test("A full disk: \"could not be written … the disk is full (SQLite 13)\", what next, and nothing written")
    func fullDisk() async throws {
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let campaign = Self.campaign("c-20250101-0f0f0f0f")
        try await store.create(campaign, targets: [])
        try await store.limitSizeForTesting(pages: 16)
        let many = (0..<2000).map {
            TargetRecord(
                campaignID: campaign.id,
                deviceID: "00259E-EG8145V5-\(String(repeating: "4857", count: 8))\($0)",
                ordinal: $0,
                changesJSON: String(repeating: "x", count: 200),
                updatedAt: 1
            )
        }
        let error = try await #require(throws: CampaignStoreError.self) { try await store.save(many) }
        #expect(error.isStorageFailure)
        #expect(error.sqliteCode == 13)
        let text = error.description
        #expect(
            text.hasPrefix("the campaign state file \(store.path) could not be written (save 2000 targets)"),
            "\(text)"
        )
        #expect(text.contains("database or disk is full (SQLite 13); the disk is full"), "\(text)")
        #expect(text.contains("free space on the file system that holds it"))
        #expect(text.contains("nothing of this operation was written"))
        #expect(!text.contains("SQLite error"))
        #expect(try await store.targets(campaign.id).isEmpty)
    }

    @Test("A disk I/O error (SQLite 778) says which file could not be written and to check space and the disk")
    func diskIOError() {
        let error = CampaignStoreError.sqliteForTesting(
            extendedCode: 778,
            message: "disk I/O error",
            path: "/x/state.sqlite",
            operation: "save 120 targets"
        )
        let text = "\(error)"
        #expect(
            text
                == "the campaign state file /x/state.sqlite could not be written (save 120 targets): disk I/O error "
                + "(SQLite 778); check free space (`df`) and the disk's health (`dmesg`), then run the command again; "
                + "nothing of this operation was written"
        )
        #expect((error as? CampaignStoreError)?.isStorageFailure == true)
    }
}
