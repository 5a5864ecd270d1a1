import Testing

@testable import Campaigns

/// The per-device state machine, without a store or a network (docs/campaigns.md).
@Suite struct TargetProgressTests {
    static let rollout = Rollout(retries: 2, retryBackoffSeconds: 10, deviceDeadlineSeconds: 60)

    static func target() -> TargetRecord { TargetRecord(campaignID: "c", deviceID: "d", ordinal: 0, updatedAt: 0) }

    @Test("the happy path: pending → pushing → pushed → verifying → succeeded")
    func happyPath() {
        var t = Self.target()
        #expect(t.apply(.dispatching(now: 1000), rollout: Self.rollout).isEmpty)
        #expect(t.state == .pushing)
        #expect(t.attempts == 1)
        #expect(t.firstPushedAt == 1000)
        _ = t.apply(.pushed(taskID: "t1", now: 1100), rollout: Self.rollout)
        #expect(t.state == .pushed)
        #expect(t.taskID == "t1")
        _ = t.apply(.taskDone(now: 1200), rollout: Self.rollout)
        #expect(t.state == .verifying)
        _ = t.apply(.verified(now: 1300), rollout: Self.rollout)
        #expect(t.state == .succeeded)
        #expect(t.finishedAt == 1300)
        #expect(t.errorCode == nil)
    }

    @Test("a fault deletes the task and retries with doubling backoff; after the retries the device failed")
    func faultsAndRetries() {
        var t = Self.target()
        var backoffs: [Double] = []
        for attempt in 1...3 {
            _ = t.apply(.dispatching(now: Double(attempt) * 100_000), rollout: Self.rollout)
            _ = t.apply(.pushed(taskID: "t\(attempt)", now: Double(attempt) * 100_000), rollout: Self.rollout)
            let effects = t.apply(
                .taskFaulted(code: "cwmp.9002", message: "Internal error", now: Double(attempt) * 100_000),
                rollout: Self.rollout
            )
            #expect(effects == [.deleteTask("t\(attempt)")])
            if attempt < 3 {
                #expect(t.state == .pending)
                backoffs.append((t.notBefore ?? 0) - Double(attempt) * 100_000)
            }
        }
        #expect(backoffs == [10_000, 20_000])
        #expect(t.state == .failed)
        #expect(t.errorCode == "cwmp.9002")
        #expect(t.attempts == 3)
    }

    @Test("a download fault after the task is gone (verifying) is still a fault")
    func lateFault() {
        var t = Self.target()
        _ = t.apply(.dispatching(now: 0), rollout: Rollout(retries: 0))
        _ = t.apply(.pushed(taskID: "t", now: 0), rollout: Rollout(retries: 0))
        _ = t.apply(.taskDone(now: 1), rollout: Rollout(retries: 0))
        let effects = t.apply(
            .taskFaulted(code: "cwmp.9010", message: "Download failure", now: 2),
            rollout: Rollout(retries: 0)
        )
        #expect(t.state == .failed)
        #expect(effects == [.deleteTask("t")])
    }

    @Test("a failed verification retries, then fails with the mismatch")
    func verification() {
        var t = Self.target()
        let rollout = Rollout(retries: 0)
        _ = t.apply(.dispatching(now: 0), rollout: rollout)
        _ = t.apply(.pushed(taskID: "t", now: 0), rollout: rollout)
        _ = t.apply(.taskDone(now: 1), rollout: rollout)
        _ = t.apply(.verificationFailed(message: "Device.X reads 1, expected 2", now: 2), rollout: rollout)
        #expect(t.state == .failed)
        #expect(t.errorCode == "verification")
        #expect(t.errorMessage == "Device.X reads 1, expected 2")
    }

    @Test("recovery: an adopted task is pushed; nothing found goes back to pending without counting the lost attempt")
    func recovery() {
        var adopted = Self.target()
        _ = adopted.apply(.dispatching(now: 0), rollout: Self.rollout)
        _ = adopted.apply(.recoveredTask(taskID: "t9", now: 1), rollout: Self.rollout)
        #expect(adopted.state == .pushed)
        #expect(adopted.taskID == "t9")
        var lost = Self.target()
        _ = lost.apply(.dispatching(now: 0), rollout: Self.rollout)
        _ = lost.apply(.recoveredNothing(now: 1), rollout: Self.rollout)
        #expect(lost.state == .pending)
        #expect(lost.attempts == 0)
        #expect(lost.notBefore == nil)
    }

    @Test("cancel: waiting devices are skipped; a queued task is deleted; a verifying device ends")
    func cancel() {
        var waiting = Self.target()
        #expect(waiting.apply(.cancelled(now: 5), rollout: Self.rollout).isEmpty)
        #expect(waiting.state == .skipped)
        #expect(waiting.errorCode == "cancelled")
        var queued = Self.target()
        _ = queued.apply(.dispatching(now: 0), rollout: Self.rollout)
        _ = queued.apply(.pushed(taskID: "t", now: 0), rollout: Self.rollout)
        #expect(queued.apply(.cancelled(now: 5), rollout: Self.rollout) == [.deleteTask("t")])
        #expect(queued.state == .skipped)
        // A device whose task ran ends too (not verifying for ever); its task's fault, if any, is
        // left for deletion (staleTaskID).
        var verifying = Self.target()
        _ = verifying.apply(.dispatching(now: 0), rollout: Self.rollout)
        _ = verifying.apply(.pushed(taskID: "t", now: 0), rollout: Self.rollout)
        _ = verifying.apply(.taskDone(now: 1), rollout: Self.rollout)
        #expect(verifying.apply(.cancelled(now: 6), rollout: Self.rollout).isEmpty)
        #expect(verifying.state == .skipped)
        #expect(verifying.errorCode == TargetRecord.cancelledAfterRunCode)
        #expect(verifying.staleTaskID == "t")
    }

    @Test("the device deadline fails an in-flight device and deletes its task")
    func deadline() {
        var t = Self.target()
        _ = t.apply(.dispatching(now: 0), rollout: Self.rollout)
        _ = t.apply(.pushed(taskID: "t", now: 0), rollout: Self.rollout)
        #expect(!t.isPastDeadline(now: 60_000, rollout: Self.rollout))
        #expect(t.isPastDeadline(now: 60_001, rollout: Self.rollout))
        #expect(t.expire(now: 60_001) == [.deleteTask("t")])
        #expect(t.state == .failed)
        #expect(t.errorCode == "deadline")
    }

    @Test("events that do not apply to a state change nothing")
    func ignored() {
        var t = Self.target()
        let before = t
        _ = t.apply(.taskDone(now: 1), rollout: Self.rollout)
        _ = t.apply(.verified(now: 1), rollout: Self.rollout)
        _ = t.apply(.pushed(taskID: "x", now: 1), rollout: Self.rollout)
        #expect(t == before)
        var done = Self.target()
        done.state = .succeeded
        let finished = done
        _ = done.apply(.dispatching(now: 1), rollout: Self.rollout)
        _ = done.apply(.cancelled(now: 1), rollout: Self.rollout)
        #expect(done == finished)
    }

    @Test("a device GenieACS no longer has ends skipped (not-registered) from any in-flight state, its slot freed")
    func deviceGoneInFlight() {
        for state in [TargetRecord.State.pushing, .pushed, .verifying] {
            var t = Self.target()
            t.state = state
            t.attempts = 1
            t.taskID = state == .pushing ? nil : "t1"
            #expect(t.apply(.deviceGone(now: 5000), rollout: Self.rollout).isEmpty)
            #expect(t.state == .skipped, "from \(state)")
            #expect(t.errorCode == "not-registered", "from \(state)")
            #expect(t.finishedAt == 5000)
            #expect(t.staleTaskID == nil, "GenieACS deleted its tasks and faults with it")
        }
    }
}
