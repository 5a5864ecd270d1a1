/// What happened to one device, as the runner observed it.
public enum TargetEvent: Sendable, Hashable {
    /// The runner is about to POST the device's task (saved before the POST).
    case dispatching(now: Double)
    /// GenieACS queued the task.
    case pushed(taskID: String, now: Double)
    /// GenieACS answered 404: the device is no longer registered.
    case deviceGone(now: Double)
    /// The POST failed without an answer, or with one GenieACS should not give; retried later.
    case pushFailed(code: String, message: String, now: Double)
    /// The task document is gone and no fault exists: the device ran it.
    case taskDone(now: Double)
    /// A fault exists for the task's channel.
    case taskFaulted(code: String, message: String, now: Double)
    /// The device shows the change (firmware version and a fresh inform; values read back).
    case verified(now: Double)
    /// The device does not show the change although its task ran.
    case verificationFailed(message: String, now: Double)
    /// Nothing to do: already on the target version or values.
    case alreadyDone(reason: String, now: Double)
    /// After a crash: a task with the campaign's uniqueKey exists for the device.
    case recoveredTask(taskID: String, now: Double)
    /// After a crash: no task exists and the device does not show the change.
    case recoveredNothing(now: Double)
    /// The campaign was cancelled while this device waited, its task was queued, or its task had
    /// run and its change was not verified yet.
    case cancelled(now: Double)
    /// The failure rate paused the campaign and GenieACS deleted this device's queued task before
    /// the device took it: it waits for the resume, its attempt not counted.
    case withdrawn(now: Double)
}

/// What the runner must do after a transition.
public enum TargetEffect: Sendable, Hashable {
    /// Delete the task (and its fault) in GenieACS, so GenieACS stops retrying it on its own.
    case deleteTask(String)
}

extension TargetRecord {
    /// The error code of a device whose task had run, its change not verified yet, when its
    /// campaign was cancelled: it ends `skipped`, and a rollback includes it.
    public static let cancelledAfterRunCode = "cancelled-after-run"

    /// The id of the fault GenieACS records for a task's channel (GenieACS 1.2.16 lib/cwmp.ts:414-430,
    /// lib/nbi.ts:446-449): `DELETE /faults/<it>` takes the task and its fault in one call, and
    /// answers 200 when neither exists (lib/api-functions.ts:397-410).
    public func faultID(ofTask taskID: String) -> String { "\(deviceID):task_\(taskID)" }
}

extension TargetRecord {
    /// Applies `event` to this device's progress; returns what the runner must do next.
    ///
    /// The per-device state machine of docs/campaigns.md:
    /// `pending → pushing → pushed → verifying → succeeded`, with `failed` and `skipped` as the
    /// other ends. A fault or a failed verification goes back to `pending` with a backoff while
    /// attempts remain (the faulted task is deleted: GenieACS would otherwise retry it forever,
    /// GenieACS 1.2.16 lib/cwmp.ts:414-430, no retry cap). Events that do not apply to the current state change
    /// nothing.
    public mutating func apply(_ event: TargetEvent, rollout: Rollout) -> [TargetEffect] {
        switch (state, event) {
        case (.pending, .dispatching(let now)):
            state = .pushing
            attempts += 1
            if firstPushedAt == nil { firstPushedAt = now }
            pushedAt = now
            touch(now)
        case (.pushing, .pushed(let taskID, let now)), (.pushing, .recoveredTask(let taskID, let now)):
            state = .pushed
            self.taskID = taskID
            touch(now)
        case (.pushing, .deviceGone(let now)), (.pending, .deviceGone(let now)):
            finish(.skipped, code: "not-registered", message: "GenieACS no longer has this device", now: now)
        case (.pushed, .deviceGone(let now)), (.verifying, .deviceGone(let now)):
            // Deleted from GenieACS while in flight: `DELETE /devices/<id>` takes its tasks, faults and operations
            // with it (GenieACS 1.2.16 lib/api-functions.ts:374-395), so nothing is left to delete and nothing to
            // wait for; its slot is freed at once, and it does not count as failed.
            taskID = nil
            finish(
                .skipped,
                code: "not-registered",
                message: "GenieACS no longer has this device (deleted while its task was in flight)",
                now: now
            )
        case (.pushing, .pushFailed(let code, let message, let now)):
            return retryOrFail(code: code, message: message, now: now, rollout: rollout, task: nil)
        case (.pushing, .recoveredNothing(let now)):
            // The POST never reached GenieACS (or its task ran and the change did not show): push
            // again without counting the lost attempt twice.
            state = .pending
            attempts = max(0, attempts - 1)
            notBefore = nil
            touch(now)
        case (.pushed, .taskDone(let now)):
            state = .verifying
            touch(now)
        case (.pushed, .taskFaulted(let code, let message, let now)):
            return retryOrFail(code: code, message: message, now: now, rollout: rollout, task: taskID)
        case (.verifying, .verified(let now)), (.pushed, .verified(let now)), (.pushing, .verified(let now)):
            finish(.succeeded, code: nil, message: nil, now: now)
        case (.verifying, .verificationFailed(let message, let now)):
            return retryOrFail(code: "verification", message: message, now: now, rollout: rollout, task: nil)
        case (.verifying, .taskFaulted(let code, let message, let now)):
            // A download's second phase faults after the task document is gone (GenieACS 1.2.16 lib/cwmp.ts:334-354;
            // lib/cwmp/db.ts:707-725).
            return retryOrFail(code: code, message: message, now: now, rollout: rollout, task: taskID)
        case (.pending, .alreadyDone(let reason, let now)):
            finish(.skipped, code: "already-done", message: reason, now: now)
        case (.pending, .cancelled(let now)):
            finish(
                .skipped,
                code: "cancelled",
                message: "the campaign was cancelled before this device was pushed",
                now: now
            )
        case (.pushing, .cancelled(let now)):
            // Its task POST may still be on its way: whoever holds the runner lease deletes the
            // task once the POST has returned (``CampaignControl/settleInFlight(_:acs:ran:lease:)``).
            taskID = nil
            finish(
                .skipped,
                code: CampaignControl.deletionPendingCode,
                message: CampaignControl.inFlightMessage,
                now: now
            )
        case (.pushed, .withdrawn(let now)):
            state = .pending
            attempts = max(0, attempts - 1)
            taskID = nil
            notBefore = nil
            // A first push withdrawn: its deadline starts with the push after the resume.
            if attempts == 0 { firstPushedAt = nil }
            touch(now)
        case (.verifying, .cancelled(let now)):
            // Its task ran: nothing queued is left to delete, but a download's TransferComplete may
            // have faulted after the task went (GenieACS 1.2.16 lib/cwmp.ts:333-355), and GenieACS
            // retries such a fault on its own (lib/cwmp.ts:405-430): it is deleted as a stale task.
            staleTaskID = staleTaskID ?? taskID
            finish(
                .skipped,
                code: Self.cancelledAfterRunCode,
                message: "the campaign was cancelled after this device's task ran, before its change was verified; "
                    + "the change may be in place",
                now: now
            )
        case (.pushed, .cancelled(let now)):
            let task = taskID
            finish(
                .skipped,
                code: "cancelled",
                message: "the campaign was cancelled; its queued task was deleted",
                now: now
            )
            return task.map { [.deleteTask($0)] } ?? []
        default:
            break
        }
        return []
    }

    /// Whether the device has been in flight longer than the rollout allows.
    public func isPastDeadline(now: Double, rollout: Rollout) -> Bool {
        guard state.isInFlight, let first = firstPushedAt else { return false }
        return now - first > rollout.deviceDeadlineSeconds * 1000
    }

    /// Fails an in-flight device whose deadline passed.
    public mutating func expire(now: Double) -> [TargetEffect] {
        guard state.isInFlight else { return [] }
        let task = taskID
        finish(.failed, code: "deadline", message: "not verified within the device deadline", now: now)
        if let task { staleTaskID = task }
        return task.map { [.deleteTask($0)] } ?? []
    }

    private mutating func retryOrFail(code: String, message: String, now: Double, rollout: Rollout, task: String?)
        -> [TargetEffect]
    {
        let effects: [TargetEffect] = task.map { [.deleteTask($0)] } ?? []
        // Owed until GenieACS confirms it gone: the runner deletes it (and its fault) and pushes
        // this device again only then.
        if let task { staleTaskID = task }
        errorCode = code
        errorMessage = message
        if attempts <= rollout.retries {
            state = .pending
            taskID = nil
            notBefore = now + rollout.retryBackoffSeconds * 1000 * Double(1 << min(max(attempts - 1, 0), 20))
            touch(now)
        } else {
            finish(.failed, code: code, message: message, now: now)
        }
        return effects
    }

    private mutating func finish(_ end: State, code: String?, message: String?, now: Double) {
        state = end
        if let code { errorCode = code }
        if let message { errorMessage = message }
        if end == .succeeded {
            errorCode = nil
            errorMessage = nil
        }
        finishedAt = now
        touch(now)
    }

    private mutating func touch(_ now: Double) { updatedAt = now }
}
