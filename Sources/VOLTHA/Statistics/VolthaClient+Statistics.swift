internal import FerruleJSON
internal import GRPCCore
internal import SwiftProtobuf
internal import VOLTHAMessages

extension VolthaClient {
    /// Asks `Extension.GetExtValue` for one set of counters.
    ///
    /// VOLTHA reports failures *inside* a successful reply (`GetValueResponse.status = ERROR` with
    /// `errReason`, `voltha-protos:protos/voltha_protos/extensions.proto`); those become
    /// ``VolthaError`` `extensionFailed`, never an empty success.
    public func statistics(_ request: StatisticsRequest) async throws -> Statistics {
        var single = Extension_SingleGetValueRequest()
        single.targetID = request.targetID
        switch request {
        case .ponPort(_, let label):
            var pon = Extension_GetPonStatsRequest()
            pon.portLabel = label
            single.request.oltPonStats = pon
        case .nniPort(_, let label):
            var nni = Extension_GetNNIStatsRequest()
            nni.portLabel = label
            single.request.oltNniStats = nni
        case .onuPon(_, let intf, let onu):
            var counters = Extension_GetOnuCountersRequest()
            counters.intfID = intf
            counters.onuID = onu
            single.request.onuPonInfo = counters
        case .onuOptical:
            single.request.onuOpticalInfo = Extension_GetOnuPonOpticalInfo()
        }
        let reply = try await call("GetExtValue", subject: request.targetID) {
            try await extensions.getExtValue(single, options: options)
        }
        return try Self.statistics(request, from: reply.response, target: address)
    }

    /// Checks the in-reply status and flattens the response oneof.
    static func statistics(
        _ request: StatisticsRequest,
        from response: Extension_GetValueResponse,
        target: String
    ) throws -> Statistics {
        guard response.status == .ok, let body = response.response else {
            let reason = Self.reasonName(response.errReason)
            let status = response.status == .error ? "ERROR" : "no status"
            throw VolthaError(
                .extensionFailed,
                "\(request.name) for device \(request.targetID.shortened(80)) failed: VOLTHA reported \(reason)",
                target: target,
                detail: "GetExtValue: OK with status \(status), errReason \(reason)"
            )
        }
        let message: any SwiftProtobuf.Message
        switch body {
        case .oltPonStatsResponse(let value): message = value
        case .oltNniStatsResponse(let value): message = value
        case .onuPonCounters(let value): message = value
        case .onuOpticalInfo(let value): message = value
        default:
            throw VolthaError(
                .extensionFailed,
                "\(request.name) for device \(request.targetID.shortened(80)) answered with another kind of reply",
                target: target,
                detail: "GetExtValue"
            )
        }
        var counters: [Statistics.Counter] = []
        if let bytes = try? message.jsonUTF8Bytes() as [UInt8],
            let json = try? JSONValue.parse(bytes)
        {
            flatten(json, prefix: "", into: &counters)
        }
        return Statistics(request: request, counters: counters)
    }

    private static func flatten(_ value: JSONValue, prefix: String, into out: inout [Statistics.Counter]) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                flatten(member, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &out)
            }
        case .number(let text):
            out.append(.init(name: prefix, value: text, kind: .number))
        case .string(let text):
            // Protobuf JSON writes 64-bit integers as strings ("12345"); enums as their names.
            let digits = text.first == "-" ? text.dropFirst() : Substring(text)
            let integer = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            out.append(.init(name: prefix, value: text, kind: integer ? .number : .text))
        case .bool(let flag):
            out.append(.init(name: prefix, value: flag ? "true" : "false", kind: .boolean))
        case .array(let items):
            for (i, item) in items.enumerated() { flatten(item, prefix: "\(prefix)[\(i)]", into: &out) }
        case .null:
            break
        }
    }

    static func reasonName(_ reason: Extension_GetValueResponse.ErrorReason) -> String {
        switch reason {
        case .reasonUndefined: "REASON_UNDEFINED"
        case .unsupported: "UNSUPPORTED"
        case .invalidDeviceID: "INVALID_DEVICE_ID"
        case .invalidPortType: "INVALID_PORT_TYPE"
        case .timeout: "TIMEOUT"
        case .invalidReqType: "INVALID_REQ_TYPE"
        case .internalError: "INTERNAL_ERROR"
        case .invalidDevice: "INVALID_DEVICE"
        case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
        }
    }
}
