import Foundation

extension APIFailure {
    /// DotMac's standard error envelope (its `core/error_contract.py`): `detail` and `message` are
    /// the text, `error_code` is `HTTP_<status>` (`VALIDATION_ERROR` for 422), and severity,
    /// category and retryable follow the status as DotMac assigns them.
    var envelope: Components.Schemas.ErrorResponse {
        let (category, severity, retryable) = ErrorEnvelope.classification(status)
        return Components.Schemas.ErrorResponse(
            detail: detail,
            errorCode: ErrorEnvelope.errorCode(status),
            message: detail,
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
