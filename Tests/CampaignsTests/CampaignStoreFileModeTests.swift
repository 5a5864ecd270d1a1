import FerruleTestSupport
import Foundation
import Testing

@testable import Campaigns

@Suite struct CampaignStoreFileModeTests {
    @Test("the state file is readable by its owner only: rollback snapshots may hold previous secret values")
    func ownerOnly() throws {
        let store = try CampaignStore(path: Scratch.path("campaigns.sqlite", prefix: "ferrule-campaigns"))
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        #expect(mode & 0o077 == 0)
    }
}
