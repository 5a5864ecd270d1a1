internal import GRDB

/// One target as a progress answer lists it: the six columns of ``TargetRow`` that a schedule's
/// result shows, read without the other ten (task id, retry times, the changes and previous
/// values as JSON text …), which a progress GET decoded and dropped for every target.
public struct TargetResult: Sendable, Hashable {
    public var deviceID: String
    public var state: TargetRecord.State
    /// Milliseconds since the epoch of the first push and of the end, as in ``TargetRecord``.
    public var firstPushedAt: Double?
    public var finishedAt: Double?
    public var errorCode: String?
    public var errorMessage: String?

    public init(
        deviceID: String,
        state: TargetRecord.State,
        firstPushedAt: Double? = nil,
        finishedAt: Double? = nil,
        errorCode: String? = nil,
        errorMessage: String? = nil
    ) {
        self.deviceID = deviceID
        self.state = state
        self.firstPushedAt = firstPushedAt
        self.finishedAt = finishedAt
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    /// The same fields of a whole target.
    public init(_ target: TargetRecord) {
        self.init(
            deviceID: target.deviceID,
            state: target.state,
            firstPushedAt: target.firstPushedAt,
            finishedAt: target.finishedAt,
            errorCode: target.errorCode,
            errorMessage: target.errorMessage
        )
    }
}

/// The `targets` table's columns of a ``TargetResult``, read by position in ``columns``' order.
struct TargetResultRow: FetchableRecord {
    static let columns = "device_id, state, first_pushed_at, finished_at, error_code, error_message"

    var result: TargetResult

    init(row: Row) throws {
        let deviceID = try row.decode(String.self, atIndex: 0)
        let state = try row.decode(TargetRecord.State.self, atIndex: 1, field: "state", of: "target \(deviceID)")
        result = TargetResult(
            deviceID: deviceID,
            state: state,
            firstPushedAt: try row.decode(Double?.self, atIndex: 2),
            finishedAt: try row.decode(Double?.self, atIndex: 3),
            errorCode: try row.decode(String?.self, atIndex: 4),
            errorMessage: try row.decode(String?.self, atIndex: 5)
        )
    }
}
