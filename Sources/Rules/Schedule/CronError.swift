/// A cron expression or preset schedule Ferrule refuses.
///
/// GenieACS parses crons with later.js, which accepts almost anything and misreads much of it (a
/// minute of 75 becomes 59, `FRI-MON` matches nothing, a weekday of 7 is Saturday), and a schedule
/// it cannot parse at all makes the preset behave as if it had no schedule: always active.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault; nil for problems with the whole expression or the schedule's duration.
    public var field: CronExpression.Field?
    public var message: String
    /// UTF-8 offset of the problem in the text that was parsed.
    public var offset: Int
    /// What to do about it.
    public var hint: String?

    public init(field: CronExpression.Field?, message: String, offset: Int, hint: String? = nil) {
        self.field = field
        self.message = message
        self.offset = offset
        self.hint = hint
    }

    /// `minute field (offset 2): 75 is out of range 0–59; hint`.
    public var description: String {
        var text = field.map { "\($0.displayName) field (offset \(offset)): " } ?? "offset \(offset): "
        text += message
        if let hint { text += "; \(hint)" }
        return text
    }
}
