/// `Download` (ACS → CPE): file type `1 Firmware Upgrade Image`, `3 Vendor Configuration File` ….
public struct Download: FileTransferRequest {
    public static let methodName = "Download"
    public var commandKey: String
    public var fileType: String
    public var url: String
    public var username: String
    public var password: SecretString
    public var fileSize: UInt32
    public var targetFileName: String
    public var delaySeconds: UInt32
    public var successURL: String
    public var failureURL: String

    public init(
        commandKey: String,
        fileType: String,
        url: String,
        username: String = "",
        password: SecretString = "",
        fileSize: UInt32 = 0,
        targetFileName: String = "",
        delaySeconds: UInt32 = 0,
        successURL: String = "",
        failureURL: String = ""
    ) {
        self.commandKey = commandKey
        self.fileType = fileType
        self.url = url
        self.username = username
        self.password = password
        self.fileSize = fileSize
        self.targetFileName = targetFileName
        self.delaySeconds = delaySeconds
        self.successURL = successURL
        self.failureURL = failureURL
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        (commandKey, fileType, url, username, password) = d.transferRequestHead(e)
        fileSize = d.unsigned(e, "FileSize")
        targetFileName = d.string(e, "TargetFileName")
        delaySeconds = d.unsigned(e, "DelaySeconds")
        successURL = d.token(e, "SuccessURL")
        failureURL = d.token(e, "FailureURL")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.transferRequestHead(self)
        w.field("FileSize", fileSize)
        w.field("TargetFileName", targetFileName)
        w.field("DelaySeconds", delaySeconds)
        w.field("SuccessURL", successURL)
        w.field("FailureURL", failureURL)
    }
}

/// The response shape shared by `DownloadResponse` and `UploadResponse`.
public struct TransferResponse: Sendable, Hashable, Codable {
    /// 0 completed, 1 not yet completed (a TransferComplete follows).
    public var status: Int32
    public var startTime: String
    public var completeTime: String

    public init(
        status: Int32,
        startTime: String = "0001-01-01T00:00:00Z",
        completeTime: String = "0001-01-01T00:00:00Z"
    ) {
        self.status = status
        self.startTime = startTime
        self.completeTime = completeTime
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        // Of a repeated field the last is read, as GenieACS reads a DownloadResponse: it assigns
        // each in a loop over the children (lib/soap.ts:511-523). An UploadResponse is read alike.
        status = d.parsedInt(e, "Status", nonNegative: true, readsLast: true, citation: "lib/soap.ts:511-531")
        startTime = d.dateTime(e, "StartTime", readsLast: "lib/soap.ts:511-523")
        completeTime = d.dateTime(e, "CompleteTime", readsLast: "lib/soap.ts:511-523")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("Status", status)
        w.field("StartTime", startTime)
        w.field("CompleteTime", completeTime)
    }
}

/// An RPC whose body is a ``TransferResponse`` (`DownloadResponse`, `UploadResponse`).
protocol TransferResponseRPC: CWMPRPC {
    var status: Int32 { get }
    var startTime: String { get }
    var completeTime: String { get }
    init(status: Int32, startTime: String, completeTime: String)
}

extension TransferResponseRPC {
    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        let r = TransferResponse(xml: e, &d)
        self.init(status: r.status, startTime: r.startTime, completeTime: r.completeTime)
    }

    func writeXML(_ w: inout BodyWriter) {
        TransferResponse(status: status, startTime: startTime, completeTime: completeTime).writeXML(&w)
    }
}

/// `DownloadResponse`.
public struct DownloadResponse: TransferResponseRPC {
    public static let methodName = "DownloadResponse"
    public var status: Int32
    public var startTime: String
    public var completeTime: String

    public init(
        status: Int32,
        startTime: String = "0001-01-01T00:00:00Z",
        completeTime: String = "0001-01-01T00:00:00Z"
    ) {
        self.status = status
        self.startTime = startTime
        self.completeTime = completeTime
    }

}

/// `Upload` (ACS → CPE): file type `1 Vendor Configuration File`, `2 Vendor Log File` ….
public struct Upload: FileTransferRequest {
    public static let methodName = "Upload"
    public var commandKey: String
    public var fileType: String
    public var url: String
    public var username: String
    public var password: SecretString
    public var delaySeconds: UInt32

    public init(
        commandKey: String,
        fileType: String,
        url: String,
        username: String = "",
        password: SecretString = "",
        delaySeconds: UInt32 = 0
    ) {
        self.commandKey = commandKey
        self.fileType = fileType
        self.url = url
        self.username = username
        self.password = password
        self.delaySeconds = delaySeconds
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        (commandKey, fileType, url, username, password) = d.transferRequestHead(e)
        delaySeconds = d.unsigned(e, "DelaySeconds")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.transferRequestHead(self)
        w.field("DelaySeconds", delaySeconds)
    }
}

/// `UploadResponse`.
public struct UploadResponse: TransferResponseRPC {
    public static let methodName = "UploadResponse"
    public var status: Int32
    public var startTime: String
    public var completeTime: String

    public init(
        status: Int32,
        startTime: String = "0001-01-01T00:00:00Z",
        completeTime: String = "0001-01-01T00:00:00Z"
    ) {
        self.status = status
        self.startTime = startTime
        self.completeTime = completeTime
    }

}

/// One `TimeWindowStruct` of a ScheduleDownload.
public struct TimeWindow: Sendable, Hashable, Codable {
    public var windowStart: UInt32
    public var windowEnd: UInt32
    /// `1 At Any Time`, `2 Immediately`, `3 When Idle`, `4 Confirmation Needed`.
    public var windowMode: String
    public var userMessage: String
    /// -1 means the CPE decides.
    public var maxRetries: Int32

    public init(
        windowStart: UInt32,
        windowEnd: UInt32,
        windowMode: String,
        userMessage: String = "",
        maxRetries: Int32 = -1
    ) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.windowMode = windowMode
        self.userMessage = userMessage
        self.maxRetries = maxRetries
    }
}

/// `ScheduleDownload` (CWMP 1.2).
public struct ScheduleDownload: FileTransferRequest {
    public static let methodName = "ScheduleDownload"
    public var commandKey: String
    public var fileType: String
    public var url: String
    public var username: String
    public var password: SecretString
    public var fileSize: UInt32
    public var targetFileName: String
    public var timeWindows: [TimeWindow]

    public init(
        commandKey: String,
        fileType: String,
        url: String,
        username: String = "",
        password: SecretString = "",
        fileSize: UInt32 = 0,
        targetFileName: String = "",
        timeWindows: [TimeWindow]
    ) {
        self.commandKey = commandKey
        self.fileType = fileType
        self.url = url
        self.username = username
        self.password = password
        self.fileSize = fileSize
        self.targetFileName = targetFileName
        self.timeWindows = timeWindows
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        (commandKey, fileType, url, username, password) = d.transferRequestHead(e)
        fileSize = d.unsigned(e, "FileSize")
        targetFileName = d.string(e, "TargetFileName")
        timeWindows = d.array(e, "TimeWindowList", itemType: "TimeWindowStruct", itemName: "TimeWindowStruct") {
            item,
            d in
            TimeWindow(
                windowStart: d.unsigned(item, "WindowStart"),
                windowEnd: d.unsigned(item, "WindowEnd"),
                windowMode: d.token(item, "WindowMode"),
                userMessage: d.string(item, "UserMessage"),
                maxRetries: d.int(item, "MaxRetries", default: -1)
            )
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.transferRequestHead(self)
        w.field("FileSize", fileSize)
        w.field("TargetFileName", targetFileName)
        w.array("TimeWindowList", itemType: "cwmp:TimeWindowStruct", timeWindows) { item, w in
            w.structure("TimeWindowStruct") { w in
                w.field("WindowStart", item.windowStart)
                w.field("WindowEnd", item.windowEnd)
                w.field("WindowMode", item.windowMode)
                w.field("UserMessage", item.userMessage)
                w.field("MaxRetries", item.maxRetries)
            }
        }
    }
}

/// `ScheduleDownloadResponse`.
public struct ScheduleDownloadResponse: EmptyCWMPRPC {
    public static let methodName = "ScheduleDownloadResponse"
    public init() {}
}

/// `CancelTransfer` (CWMP 1.2).
public struct CancelTransfer: CWMPRPC {
    public static let methodName = "CancelTransfer"
    public var commandKey: String

    public init(commandKey: String) { self.commandKey = commandKey }

    init(xml e: XMLElement, _ d: inout BodyDecoder) { commandKey = d.string(e, "CommandKey") }
    func writeXML(_ w: inout BodyWriter) { w.field("CommandKey", commandKey) }
}

/// `CancelTransferResponse`.
public struct CancelTransferResponse: EmptyCWMPRPC {
    public static let methodName = "CancelTransferResponse"
    public init() {}
}

/// `GetQueuedTransfers`.
public struct GetQueuedTransfers: EmptyCWMPRPC {
    public static let methodName = "GetQueuedTransfers"
    public init() {}
}

/// One `QueuedTransferStruct`.
public struct QueuedTransfer: Sendable, Hashable, Codable {
    public var commandKey: String
    /// 1 not yet started, 2 in progress, 3 completed.
    public var state: Int32

    public init(commandKey: String, state: Int32) {
        self.commandKey = commandKey
        self.state = state
    }
}

/// `GetQueuedTransfersResponse`.
public struct GetQueuedTransfersResponse: CWMPRPC {
    public static let methodName = "GetQueuedTransfersResponse"
    public var transfers: [QueuedTransfer]

    public init(transfers: [QueuedTransfer]) { self.transfers = transfers }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        transfers = d.array(e, "TransferList", itemType: "QueuedTransferStruct", itemName: "QueuedTransferStruct") {
            item,
            d in
            QueuedTransfer(commandKey: d.string(item, "CommandKey"), state: d.int(item, "State"))
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("TransferList", itemType: "cwmp:QueuedTransferStruct", transfers) { item, w in
            w.structure("QueuedTransferStruct") { w in
                w.field("CommandKey", item.commandKey)
                w.field("State", item.state)
            }
        }
    }
}

/// `GetAllQueuedTransfers` (CWMP 1.1).
public struct GetAllQueuedTransfers: EmptyCWMPRPC {
    public static let methodName = "GetAllQueuedTransfers"
    public init() {}
}

/// One `AllQueuedTransferStruct`.
public struct AllQueuedTransfer: Sendable, Hashable, Codable {
    public var commandKey: String
    public var state: Int32
    public var isDownload: Bool
    public var fileType: String
    public var fileSize: UInt32
    public var targetFileName: String

    public init(
        commandKey: String,
        state: Int32,
        isDownload: Bool,
        fileType: String,
        fileSize: UInt32,
        targetFileName: String
    ) {
        self.commandKey = commandKey
        self.state = state
        self.isDownload = isDownload
        self.fileType = fileType
        self.fileSize = fileSize
        self.targetFileName = targetFileName
    }
}

/// `GetAllQueuedTransfersResponse`.
public struct GetAllQueuedTransfersResponse: CWMPRPC {
    public static let methodName = "GetAllQueuedTransfersResponse"
    public var transfers: [AllQueuedTransfer]

    public init(transfers: [AllQueuedTransfer]) { self.transfers = transfers }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        transfers = d.array(e, "TransferList", itemType: "AllQueuedTransferStruct", itemName: "AllQueuedTransferStruct")
        {
            item,
            d in
            AllQueuedTransfer(
                commandKey: d.string(item, "CommandKey"),
                state: d.int(item, "State"),
                isDownload: d.bool(item, "IsDownload"),
                fileType: d.token(item, "FileType"),
                fileSize: d.unsigned(item, "FileSize"),
                targetFileName: d.string(item, "TargetFileName")
            )
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("TransferList", itemType: "cwmp:AllQueuedTransferStruct", transfers) { item, w in
            w.structure("AllQueuedTransferStruct") { w in
                w.field("CommandKey", item.commandKey)
                w.field("State", item.state)
                w.field("IsDownload", item.isDownload)
                w.field("FileType", item.fileType)
                w.field("FileSize", item.fileSize)
                w.field("TargetFileName", item.targetFileName)
            }
        }
    }
}

/// `TransferComplete` (CPE → ACS): the outcome of a Download or Upload.
public struct TransferComplete: CWMPRPC {
    public static let methodName = "TransferComplete"
    public var commandKey: String
    public var fault: TransferFault
    public var startTime: String
    public var completeTime: String

    public init(
        commandKey: String,
        fault: TransferFault = TransferFault(),
        startTime: String = "0001-01-01T00:00:00Z",
        completeTime: String = "0001-01-01T00:00:00Z"
    ) {
        self.commandKey = commandKey
        self.fault = fault
        self.startTime = startTime
        self.completeTime = completeTime
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        // Of a repeated CommandKey, FaultStruct, StartTime or CompleteTime the last is read, as
        // GenieACS assigns each in a loop over the children (lib/soap.ts:641-655).
        let citation = "lib/soap.ts:641-655"
        commandKey = d.string(e, "CommandKey", readsLast: citation)
        (fault, startTime, completeTime) = d.transferOutcome(e, readsLast: citation)
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("CommandKey", commandKey)
        w.transferOutcome(fault, startTime: startTime, completeTime: completeTime)
    }
}

/// `TransferCompleteResponse`.
public struct TransferCompleteResponse: EmptyCWMPRPC {
    public static let methodName = "TransferCompleteResponse"
    public init() {}
}

/// `AutonomousTransferComplete` (CWMP 1.1): a transfer the ACS did not request.
public struct AutonomousTransferComplete: CWMPRPC {
    public static let methodName = "AutonomousTransferComplete"
    public var announceURL: String
    public var transferURL: String
    public var isDownload: Bool
    public var fileType: String
    public var fileSize: UInt32
    public var targetFileName: String
    public var fault: TransferFault
    public var startTime: String
    public var completeTime: String

    public init(
        announceURL: String,
        transferURL: String,
        isDownload: Bool,
        fileType: String,
        fileSize: UInt32,
        targetFileName: String,
        fault: TransferFault = TransferFault(),
        startTime: String,
        completeTime: String
    ) {
        self.announceURL = announceURL
        self.transferURL = transferURL
        self.isDownload = isDownload
        self.fileType = fileType
        self.fileSize = fileSize
        self.targetFileName = targetFileName
        self.fault = fault
        self.startTime = startTime
        self.completeTime = completeTime
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        announceURL = d.token(e, "AnnounceURL")
        transferURL = d.token(e, "TransferURL")
        isDownload = d.bool(e, "IsDownload")
        fileType = d.token(e, "FileType")
        fileSize = d.unsigned(e, "FileSize")
        targetFileName = d.string(e, "TargetFileName")
        (fault, startTime, completeTime) = d.transferOutcome(e)
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("AnnounceURL", announceURL)
        w.field("TransferURL", transferURL)
        w.field("IsDownload", isDownload)
        w.field("FileType", fileType)
        w.field("FileSize", fileSize)
        w.field("TargetFileName", targetFileName)
        w.transferOutcome(fault, startTime: startTime, completeTime: completeTime)
    }
}

/// `AutonomousTransferCompleteResponse`.
public struct AutonomousTransferCompleteResponse: EmptyCWMPRPC {
    public static let methodName = "AutonomousTransferCompleteResponse"
    public init() {}
}

/// One `ArgStruct` of a RequestDownload.
public struct FileTypeArg: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `RequestDownload` (CPE → ACS).
public struct RequestDownload: CWMPRPC {
    public static let methodName = "RequestDownload"
    public var fileType: String
    public var fileTypeArgs: [FileTypeArg]

    public init(fileType: String, fileTypeArgs: [FileTypeArg] = []) {
        self.fileType = fileType
        self.fileTypeArgs = fileTypeArgs
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        // GenieACS reads `.find(FileType).text` unchecked (lib/soap.ts:706).
        if e.child("FileType") == nil {
            d.noteGenieACSTypeError("FileType", citation: "lib/soap.ts:706", at: e)
        }
        fileType = d.token(e, "FileType")
        fileTypeArgs = d.array(e, "FileTypeArg", itemType: "ArgStruct", itemName: "ArgStruct") { item, d in
            FileTypeArg(name: d.token(item, "Name"), value: d.string(item, "Value"))
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("FileType", fileType)
        w.array("FileTypeArg", itemType: "cwmp:ArgStruct", fileTypeArgs) { item, w in
            w.structure("ArgStruct") { w in
                w.field("Name", item.name)
                w.field("Value", item.value)
            }
        }
    }
}

/// `RequestDownloadResponse`.
public struct RequestDownloadResponse: EmptyCWMPRPC {
    public static let methodName = "RequestDownloadResponse"
    public init() {}
}

// JSON output hides a URL's `user:password@` with the passwords (``Redaction/userInfoKey``): file
// servers are often given credentials in the URL itself. Keys and their order are the synthesized ones.

extension Download {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTransferRequestHead(self, (.commandKey, .fileType, .url, .username, .password), for: encoder)
        try c.encode(fileSize, forKey: .fileSize)
        try c.encode(targetFileName, forKey: .targetFileName)
        try c.encode(delaySeconds, forKey: .delaySeconds)
        try c.encode(Redaction.url(successURL, for: encoder), forKey: .successURL)
        try c.encode(Redaction.url(failureURL, for: encoder), forKey: .failureURL)
    }
}

extension Upload {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTransferRequestHead(self, (.commandKey, .fileType, .url, .username, .password), for: encoder)
        try c.encode(delaySeconds, forKey: .delaySeconds)
    }
}

extension ScheduleDownload {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeTransferRequestHead(self, (.commandKey, .fileType, .url, .username, .password), for: encoder)
        try c.encode(fileSize, forKey: .fileSize)
        try c.encode(targetFileName, forKey: .targetFileName)
        try c.encode(timeWindows, forKey: .timeWindows)
    }
}
