/// What one task POST did to a device, in the order the runner applies it: `pushed` (or a failure),
/// then `taskDone` and, for a configuration change, `verified` when GenieACS answered 200 — the task
/// ran in the session its connection request started (GenieACS 1.2.16 lib/nbi.ts:382-415).
struct PushOutcome: Sendable {
    var events: [TargetEvent]
    /// How the connection request went when it did not succeed (`Device is offline`).
    var wakeNote: String?
    /// The POST may have reached GenieACS but its answer was lost (a timeout, a dropped connection,
    /// a proxy's 504): what happened. The device stays `pushing` until its task is looked up.
    var lostAnswer: String?

    init(events: [TargetEvent], wakeNote: String? = nil, lostAnswer: String? = nil) {
        self.events = events
        self.wakeNote = wakeNote
        self.lostAnswer = lostAnswer
    }
}
