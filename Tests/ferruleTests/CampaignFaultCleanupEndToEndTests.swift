import FerruleTestSupport
import Foundation
import Testing

/// End to end: the faults a campaign's Downloads leave in GenieACS are deleted also when they land after a cancel,
/// so GenieACS re-downloads nothing on its own (GenieACS 1.2.16 lib/cwmp.ts:333-355, 402-430).
@Suite("ferrule campaign: late Download faults (end to end)")
struct CampaignFaultCleanupEndToEndTests {
    typealias E2E = CampaignEndToEndTests

    @Test("cancel while Downloads are in progress: `campaign run` deletes their faults once the transfers end")
    func cancelDuringDownloads() async throws {
        // Every transfer fails 4 s after the CPE accepted it; GenieACS would retry such a fault 2 s later, at the
        // next 3 s inform.
        let standIn = try await StandInProcess.start(
            devices: 2,
            scenario: """
                retryDelaySeconds: 2
                informIntervalSeconds: 3
                firmware: {successRate: 0, timeoutRate: 0, delayMs: 4000}

                """
        )
        defer { standIn.stop() }
        try await E2E.upload(standIn)
        let state = try E2E.statePath()
        let id = try E2E.createdID(try await E2E.campaign(standIn, state, ["create", try E2E.firmwareFile()]))
        let running = Task { try await E2E.campaign(standIn, state, ["run", id, "--poll-interval", "0.1"]) }
        // Cancelled once both CPEs accepted their Download and the runner has recorded both pushes (a cancel
        // inside the runner's POST window is the crash-recovery case, not this one).
        var downloading = 0
        var recorded = false
        for _ in 0..<200 where downloading < 2 || !recorded {
            try await Task.sleep(for: .milliseconds(50))
            downloading = try await standIn.documents("operations").count
            recorded = try await E2E.campaign(standIn, state, ["show", id]).stdout.contains("pending 0  pushing 0")
        }
        #expect(downloading == 2 && recorded, "both CPEs accepted their Download, both pushes recorded")
        let cancel = try await E2E.campaign(standIn, state, ["cancel", id])
        #expect(cancel.status == 0, "\(cancel.combined)")
        let run = try await running.value
        #expect(run.stdout.contains("cancelled"), "\(run.combined)")
        #expect(!run.stdout.contains("not deleted yet"), "nothing left owed: \(run.combined)")
        // Nothing left for GenieACS to retry: no operation pending, no fault.
        #expect(try await standIn.documents("operations").isEmpty)
        let faults = try await standIn.documents("faults").compactMap { $0["_id"] as? String }
        #expect(faults.isEmpty, "\(faults)")
        let downloads = (try await standIn.stats()["downloads"] as? [String: Any])?["started"] as? Int
        #expect(downloads == 2, "one download per device")
        let show = try await E2E.campaign(standIn, state, ["show", id, "--events", "100"])
        #expect(show.stdout.contains("left-behind task(s) and fault(s) deleted"), "\(show.combined)")
    }
}
