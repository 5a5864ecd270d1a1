import CWMP
import FerruleCore

/// One-line human summaries of RPCs for `ferrule cwmp parse --format text`.
///
/// Every value comes from the message (a CPE's serial number, event codes, fault strings), so the
/// line is written with control characters escaped (C0, DEL, C1, bidirectional overrides), and a
/// URL's `user:password@` is hidden unless `--show-secrets`.
enum TextSummary {
    static func describe(_ body: CWMPBody, redact: Bool) -> String {
        DisplayText.escaped(summary(body, redact: redact))
    }

    private static func summary(_ body: CWMPBody, redact: Bool) -> String {
        switch body {
        case .inform(let m):
            let id = m.deviceId
            let events = m.events.map(\.code).joined(separator: ", ")
            return "device \(id.oui)-\(id.productClass)-\(id.serialNumber) (\(id.manufacturer)), events [\(events)], "
                + "\(m.parameters.count) parameter(s)"
        case .getParameterValuesResponse(let m): return "\(m.parameters.count) parameter value(s)"
        case .setParameterValues(let m): return "\(m.parameters.count) parameter value(s), key \"\(m.parameterKey)\""
        case .getParameterNamesResponse(let m): return "\(m.parameters.count) parameter name(s)"
        case .getParameterValues(let m): return "\(m.parameterNames.count) name(s)"
        case .setParameterValuesResponse(let m): return "status \(m.status)"
        case .transferComplete(let m):
            return "command key \"\(m.commandKey)\", "
                + (m.fault.isSuccess
                    ? "success"
                    : m.fault.sentCode.map {
                        // What GenieACS 1.2.16 records (lib/session.ts:284-290): the FaultCode text as sent.
                        "fault \(DisplayText.line(String(reflecting: "cwmp." + $0), limit: DisplayText.valueLimit)) as GenieACS records it "
                            + "(code read as \(m.fault.code)) \(m.fault.string)"
                    } ?? "fault \(m.fault.code) \(m.fault.string)")
        case .download(let m): return "file type \"\(m.fileType)\" from \(redact ? Redaction.url(m.url) : m.url)"
        case .fault(let m):
            guard let f = m.cwmpFault else { return "\(m.faultCode): \(m.faultString)" }
            let spv = f.setParameterValuesFaults.map { item in
                "\(item.name) "
                    + (item.sentCode.map { DisplayText.line(String(reflecting: $0), limit: DisplayText.valueLimit) }
                        ?? String(item.code))
            }.joined(separator: ", ")
            // What GenieACS 1.2.16 records (lib/session.ts:2960-2962): the FaultCode text as sent.
            let code =
                f.sentCode.map {
                    "\(DisplayText.line(String(reflecting: "cwmp." + $0), limit: DisplayText.valueLimit)) as GenieACS records it (code read as \(f.code))"
                } ?? String(f.code)
            return "fault \(code) \(f.string)" + (spv.isEmpty ? "" : " [\(spv)]")
        case .unknown(let m): return "unknown method with \(m.children.count) child element(s)"
        default: return ""
        }
    }
}
