/// Element and attribute local names CWMP uses, interned once per process with fixed IDs.
///
/// The SAX builder maps libxml2's names to these IDs without building a per-document table, and
/// decoders look names up here; names outside this list get per-document IDs above ``count``.
enum KnownNames {
    static let names: [String] = [
        "", "AccessList", "AccessListChange", "AddObject", "AddObjectResponse", "AllQueuedTransferStruct",
        "AnnounceURL", "Arg", "ArgStruct", "AutonomousDUStateChangeComplete", "AutonomousDUStateChangeCompleteResponse",
        "AutonomousTransferComplete", "AutonomousTransferCompleteResponse", "Body", "CancelTransfer",
        "CancelTransferResponse", "ChangeDUState", "ChangeDUStateResponse", "Command", "CommandKey", "CompleteTime",
        "CurrentState", "CurrentTime", "DUStateChangeComplete", "DUStateChangeCompleteResponse", "DelaySeconds",
        "DeleteObject", "DeleteObjectResponse", "DeploymentUnitRef", "DeviceId", "Download", "DownloadResponse",
        "Envelope", "Event", "EventCode", "EventStruct", "ExecutionEnvRef", "ExecutionUnitRefList", "ExpirationDate",
        "FactoryReset", "FactoryResetResponse", "FailureURL", "Fault", "FaultCode", "FaultString", "FaultStruct",
        "FileSize", "FileType", "FileTypeArg", "GetAllQueuedTransfers", "GetAllQueuedTransfersResponse", "GetOptions",
        "GetOptionsResponse", "GetParameterAttributes", "GetParameterAttributesResponse", "GetParameterNames",
        "GetParameterNamesResponse", "GetParameterValues", "GetParameterValuesResponse", "GetQueuedTransfers",
        "GetQueuedTransfersResponse", "GetRPCMethods", "GetRPCMethodsResponse", "Header", "HoldRequests", "ID",
        "Inform",
        "InformResponse", "InstallOpStruct", "InstanceNumber", "IsDownload", "IsTransferable", "Kicked",
        "KickedResponse", "Manufacturer", "MaxEnvelopes", "MaxRetries", "MethodList", "Mode", "Name", "Next",
        "NextLevel", "NextURL", "NoMoreRequests", "Notification", "NotificationChange", "OUI", "ObjectName",
        "OperationPerformed", "Operations", "OptionList", "OptionName", "OptionStruct", "ParameterAttributeStruct",
        "ParameterInfoStruct", "ParameterKey", "ParameterList", "ParameterName", "ParameterNames", "ParameterPath",
        "ParameterValueStruct", "Password", "ProductClass", "QueuedTransferStruct", "Reboot", "RebootResponse",
        "Referer", "RequestDownload", "RequestDownloadResponse", "Resolved", "Results", "RetryCount",
        "ScheduleDownload", "ScheduleDownloadResponse", "ScheduleInform", "ScheduleInformResponse", "SerialNumber",
        "SessionTimeout", "SetParameterAttributes", "SetParameterAttributesResponse", "SetParameterAttributesStruct",
        "SetParameterValues", "SetParameterValuesFault", "SetParameterValuesResponse", "SetVouchers",
        "SetVouchersResponse", "StartDate", "StartTime", "State", "Status", "SuccessURL", "SupportedCWMPVersions",
        "TargetFileName", "TimeWindowList", "TimeWindowStruct", "TransferComplete", "TransferCompleteResponse",
        "TransferList", "TransferURL", "URL", "UUID", "UninstallOpStruct", "UpdateOpStruct", "Upload",
        "UploadResponse", "UseCWMPVersion", "UserMessage", "Username", "Value", "Version", "VoucherList", "VoucherSN",
        "WindowEnd", "WindowMode", "WindowStart", "Writable", "arrayType", "base64", "detail", "faultcode",
        "faultstring", "mustUnderstand", "sessionTimeout", "string", "type", "encodingStyle",
    ]

    /// `names.count`, as a literal so reading it costs nothing (checked by a test).
    static let count: Int32 = 166
    static let type: Int32 = 164
    static let arrayType: Int32 = 156
    static let name: Int32 = 79
    static let value: Int32 = 148
    static let writable: Int32 = 155
    static let eventCode: Int32 = 34
    static let commandKey: Int32 = 19

    /// The UTF-8 bytes of each name, for byte-level lookups.
    private static let bytes: [[UInt8]] = names.map { Array($0.utf8) }

    /// Open-addressed table from FNV-1a hash of a name's bytes to its ID (+1; 0 is empty).
    private static let table: [Int32] = {
        var table = [Int32](repeating: 0, count: tableSize)
        for (id, name) in bytes.enumerated() where !name.isEmpty {
            var slot = name.withUnsafeBufferPointer { hash($0) } & (tableSize - 1)
            while table[slot] != 0 { slot = (slot + 1) & (tableSize - 1) }
            table[slot] = Int32(id + 1)
        }
        return table
    }()

    private static let tableSize = 1024

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h)
    }

    /// The ID of the name spelled by `bytes`, or nil when it is not a known name. No allocation.
    static func id(bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !bytes.isEmpty else { return 0 }
        var slot = hash(bytes) & (tableSize - 1)
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let candidate = entry - 1
            if SAXBuilderState.equal(Self.bytes[Int(candidate)], bytes) { return candidate }
            slot = (slot + 1) & (tableSize - 1)
        }
    }

    /// The ID of a known name, or nil.
    static func id(_ name: String) -> Int32? {
        var name = name
        return name.withUTF8 { id(bytes: $0) }
    }
}
