import Foundation
import Logging

extension APIFailure {
    /// What a 500 answers: the cause (a store's error names its file) goes to the log only.
    static let unexpectedDetail = "An unexpected error occurred"

    /// The `detail` the client reads: for a 500 ``unexpectedDetail`` (the cause is logged with the
    /// request id, as the server's own 500s are), else the detail escaped and shortened
    /// (``ErrorEnvelope/shown(_:)``).
    var publicDetail: String {
        guard status == 500 else { return ErrorEnvelope.shown(detail) }
        Logger(label: "ferrule.serve").error(
            "unexpected error",
            metadata: [
                "request_id": .string(RequestTrace.current?.requestID ?? ""),
                "error": .string(ErrorEnvelope.shown(detail)),
            ]
        )
        return Self.unexpectedDetail
    }

    /// DotMac's standard error envelope (its `core/error_contract.py`): `detail` and `message` are
    /// the text (``publicDetail``), `error_code` is `HTTP_<status>` (`VALIDATION_ERROR` for 422),
    /// and severity, category and retryable follow the status as DotMac assigns them.
    var envelope: Components.Schemas.ErrorResponse {
        let (category, severity, retryable) = ErrorEnvelope.classification(status)
        let shown = publicDetail
        return Components.Schemas.ErrorResponse(
            detail: shown,
            errorCode: ErrorEnvelope.errorCode(status),
            message: shown,
            status: status,
            userMessage: ErrorEnvelope.userMessage(status),
            correlationId: RequestTrace.current?.requestID
                ?? "err_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased(),
            timestamp: ErrorEnvelope.timestampText(Date.now),
            severity: severity,
            category: category,
            retryable: retryable,
            details: .init()
        )
    }

    /// The response every operation's error cases carry.
    var response: Components.Responses._Error { .init(body: .json(envelope)) }
}
