public import PONTriggers

/// What an event consumer does with events besides recording them: storm protection, debounce and
/// the `on: voltha.*` trigger rules (``EventTriggerStage``) plan actions, which are queued in the
/// store's outbox with the event and performed by ``executor`` once the record is committed.
public struct EventTriggers: Sendable {
    /// Storms, debounce and the trigger planner.
    public var stage: EventTriggerStage
    /// Performs the queued actions (GenieACS tags and tasks, campaigns, webhooks).
    public var executor: ActionExecutor
    /// How many trigger rules the stage holds (for the start line).
    public var ruleCount: Int

    /// Triggers planned by `stage` (with `ruleCount` rules), their actions performed by `executor`.
    public init(stage: EventTriggerStage, ruleCount: Int, executor: ActionExecutor) {
        self.stage = stage
        self.ruleCount = ruleCount
        self.executor = executor
    }
}
