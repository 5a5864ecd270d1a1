import Campaigns
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
        bytes(answer, schedule: schedule, count: answer.results.count) { out in
            for (index, result) in answer.results.enumerated() {
                if index > 0 { out.raw(",") }
                guard write(result, into: &out) else { return false }
            }
            return true
        }
    }

    /// The bytes of `answer` with `targets` as its results (``APIHandler/result(_:)`` of each, in
    /// order; `answer.results` is not written): the same bytes, without making the generated
    /// result of each target first.
    static func bytes(
        _ answer: Components.Schemas.FirmwareUpgradeScheduleResponse,
        results targets: [TargetResult],
        schedule: [UInt8]
    ) -> [UInt8]? {
        bytes(answer, schedule: schedule, count: targets.count) { out in
            for (index, target) in targets.enumerated() {
                if index > 0 { out.raw(",") }
                guard write(target, into: &out) else { return false }
            }
            return true
        }
    }

    /// The answer with its results written by `results` (false: give up).
    private static func bytes(
        _ answer: Components.Schemas.FirmwareUpgradeScheduleResponse,
        schedule: [UInt8],
        count: Int,
        results: (inout EncoderCompatibleJSON) -> Bool
    ) -> [UInt8]? {
        // Keys in the encoder's sorted order.
        var out = EncoderCompatibleJSON(capacity: schedule.count + 160 + count * 72)
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
        guard results(&out) else { return nil }
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

    /// One target as its `FirmwareUpgradeResult` (``APIHandler/result(_:)``) is written.
    private static func write(_ target: TargetResult, into out: inout EncoderCompatibleJSON) -> Bool {
        write(
            deviceID: target.deviceID,
            status: SeedCampaignView.resultStatus(target.state),
            message: SeedCampaignView.message(target),
            started: APITime.wholeSeconds(target.firstPushedAt),
            completed: APITime.wholeSeconds(target.finishedAt),
            into: &out
        )
    }

    /// One `FirmwareUpgradeResult`, absent optionals left out as the encoder leaves them.
    private static func write(
        _ result: Components.Schemas.FirmwareUpgradeResult,
        into out: inout EncoderCompatibleJSON
    ) -> Bool {
        write(
            deviceID: result.deviceId,
            status: result.status,
            message: result.errorMessage,
            started: result.startedAt,
            completed: result.completedAt,
            into: &out
        )
    }

    /// One result object's members in the encoder's sorted order; false for a time it cannot write.
    private static func write(
        deviceID: String,
        status: Components.Schemas.ResultStatus,
        message: String?,
        started: Date?,
        completed: Date?,
        into out: inout EncoderCompatibleJSON
    ) -> Bool {
        out.raw("{")
        if let completed {
            out.key("completed_at")
            guard out.date(completed) else { return false }
            out.raw(",")
        }
        out.key("device_id")
        out.string(deviceID)
        if let message {
            out.raw(",")
            out.key("error_message")
            out.string(message)
        }
        if let started {
            out.raw(",")
            out.key("started_at")
            guard out.date(started) else { return false }
        }
        out.raw(",")
        out.key("status")
        out.string(status.rawValue)
        out.raw("}")
        return true
    }
}
