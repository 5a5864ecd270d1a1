import Foundation

/// The body of a schedule progress answer (`FirmwareUpgradeScheduleResponse`) written without
/// the generated server's `JSONEncoder` pass over every result: `.sortedKeys` sorted each of the
/// up to 10,000 result objects' keys and formatted each time through `ISO8601DateFormatter`,
/// the largest single cost of an answer made afresh. The bytes are the encoder's
/// (`ScheduleAnswerJSONTests` compares them); the `schedule` object, small and holding the
/// client's `device_filter` as sent, is still written by the encoder (`schedule`).
enum ScheduleAnswerJSON {
    /// The answer's bytes; nil when a time cannot be written here (the caller then lets the
    /// generated server encode the whole answer).
    ///
    /// - Parameters:
    ///   - answer: The answer the handler built.
    ///   - schedule: `answer.schedule` as the generated server's encoder writes it.
    static func bytes(
        _ answer: Components.Schemas.FirmwareUpgradeScheduleResponse,
        schedule: [UInt8]
    ) -> [UInt8]? {
        // Keys in the encoder's sorted order.
        var out = EncoderCompatibleJSON(capacity: schedule.count + 160 + answer.results.count * 72)
        out.raw("{")
        out.key("completed_devices")
        out.int(answer.completedDevices)
        out.raw(",")
        out.key("failed_devices")
        out.int(answer.failedDevices)
        out.raw(",")
        out.key("pending_devices")
        out.int(answer.pendingDevices)
        out.raw(",")
        out.key("results")
        out.raw("[")
        for (index, result) in answer.results.enumerated() {
            if index > 0 { out.raw(",") }
            guard write(result, into: &out) else { return nil }
        }
        out.raw("],")
        out.key("schedule")
        out.raw(schedule)
        if let skipped = answer.skippedDevices {
            out.raw(",")
            out.key("skipped_devices")
            out.int(skipped)
        }
        out.raw(",")
        out.key("total_devices")
        out.int(answer.totalDevices)
        out.raw("}")
        return out.bytes
    }

    /// One `FirmwareUpgradeResult`, absent optionals left out as the encoder leaves them.
    private static func write(
        _ result: Components.Schemas.FirmwareUpgradeResult,
        into out: inout EncoderCompatibleJSON
    ) -> Bool {
        out.raw("{")
        if let completed = result.completedAt {
            out.key("completed_at")
            guard out.date(completed) else { return false }
            out.raw(",")
        }
        out.key("device_id")
        out.string(result.deviceId)
        if let message = result.errorMessage {
            out.raw(",")
            out.key("error_message")
            out.string(message)
        }
        if let started = result.startedAt {
            out.raw(",")
            out.key("started_at")
            guard out.date(started) else { return false }
        }
        out.raw(",")
        out.key("status")
        out.string(result.status.rawValue)
        out.raw("}")
        return true
    }
}
