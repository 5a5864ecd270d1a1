/// The RPC carried in a SOAP Body: one case per TR-069 Amendment 6 method and response, a SOAP
/// ``Fault``, or an RPC TR-069 does not define.
public enum CWMPBody: Sendable, Hashable {
    case inform(Inform)
    case informResponse(InformResponse)
    case getRPCMethods(GetRPCMethods)
    case getRPCMethodsResponse(GetRPCMethodsResponse)
    case setParameterValues(SetParameterValues)
    case setParameterValuesResponse(SetParameterValuesResponse)
    case getParameterValues(GetParameterValues)
    case getParameterValuesResponse(GetParameterValuesResponse)
    case getParameterNames(GetParameterNames)
    case getParameterNamesResponse(GetParameterNamesResponse)
    case setParameterAttributes(SetParameterAttributes)
    case setParameterAttributesResponse(SetParameterAttributesResponse)
    case getParameterAttributes(GetParameterAttributes)
    case getParameterAttributesResponse(GetParameterAttributesResponse)
    case addObject(AddObject)
    case addObjectResponse(AddObjectResponse)
    case deleteObject(DeleteObject)
    case deleteObjectResponse(DeleteObjectResponse)
    case reboot(Reboot)
    case rebootResponse(RebootResponse)
    case download(Download)
    case downloadResponse(DownloadResponse)
    case upload(Upload)
    case uploadResponse(UploadResponse)
    case factoryReset(FactoryReset)
    case factoryResetResponse(FactoryResetResponse)
    case scheduleInform(ScheduleInform)
    case scheduleInformResponse(ScheduleInformResponse)
    case getQueuedTransfers(GetQueuedTransfers)
    case getQueuedTransfersResponse(GetQueuedTransfersResponse)
    case getAllQueuedTransfers(GetAllQueuedTransfers)
    case getAllQueuedTransfersResponse(GetAllQueuedTransfersResponse)
    case setVouchers(SetVouchers)
    case setVouchersResponse(SetVouchersResponse)
    case getOptions(GetOptions)
    case getOptionsResponse(GetOptionsResponse)
    case scheduleDownload(ScheduleDownload)
    case scheduleDownloadResponse(ScheduleDownloadResponse)
    case cancelTransfer(CancelTransfer)
    case cancelTransferResponse(CancelTransferResponse)
    case changeDUState(ChangeDUState)
    case changeDUStateResponse(ChangeDUStateResponse)
    case transferComplete(TransferComplete)
    case transferCompleteResponse(TransferCompleteResponse)
    case autonomousTransferComplete(AutonomousTransferComplete)
    case autonomousTransferCompleteResponse(AutonomousTransferCompleteResponse)
    case requestDownload(RequestDownload)
    case requestDownloadResponse(RequestDownloadResponse)
    case kicked(Kicked)
    case kickedResponse(KickedResponse)
    case duStateChangeComplete(DUStateChangeComplete)
    case duStateChangeCompleteResponse(DUStateChangeCompleteResponse)
    case autonomousDUStateChangeComplete(AutonomousDUStateChangeComplete)
    case autonomousDUStateChangeCompleteResponse(AutonomousDUStateChangeCompleteResponse)
    case fault(Fault)
    /// A method TR-069 does not define, read generically.
    case unknown(UnknownMethod)

    /// The RPC element's local name (`Inform`, `Fault`, `X_ACME_Frobnicate`).
    public var methodName: String {
        switch self {
        case .inform: Inform.methodName
        case .informResponse: InformResponse.methodName
        case .getRPCMethods: GetRPCMethods.methodName
        case .getRPCMethodsResponse: GetRPCMethodsResponse.methodName
        case .setParameterValues: SetParameterValues.methodName
        case .setParameterValuesResponse: SetParameterValuesResponse.methodName
        case .getParameterValues: GetParameterValues.methodName
        case .getParameterValuesResponse: GetParameterValuesResponse.methodName
        case .getParameterNames: GetParameterNames.methodName
        case .getParameterNamesResponse: GetParameterNamesResponse.methodName
        case .setParameterAttributes: SetParameterAttributes.methodName
        case .setParameterAttributesResponse: SetParameterAttributesResponse.methodName
        case .getParameterAttributes: GetParameterAttributes.methodName
        case .getParameterAttributesResponse: GetParameterAttributesResponse.methodName
        case .addObject: AddObject.methodName
        case .addObjectResponse: AddObjectResponse.methodName
        case .deleteObject: DeleteObject.methodName
        case .deleteObjectResponse: DeleteObjectResponse.methodName
        case .reboot: Reboot.methodName
        case .rebootResponse: RebootResponse.methodName
        case .download: Download.methodName
        case .downloadResponse: DownloadResponse.methodName
        case .upload: Upload.methodName
        case .uploadResponse: UploadResponse.methodName
        case .factoryReset: FactoryReset.methodName
        case .factoryResetResponse: FactoryResetResponse.methodName
        case .scheduleInform: ScheduleInform.methodName
        case .scheduleInformResponse: ScheduleInformResponse.methodName
        case .getQueuedTransfers: GetQueuedTransfers.methodName
        case .getQueuedTransfersResponse: GetQueuedTransfersResponse.methodName
        case .getAllQueuedTransfers: GetAllQueuedTransfers.methodName
        case .getAllQueuedTransfersResponse: GetAllQueuedTransfersResponse.methodName
        case .setVouchers: SetVouchers.methodName
        case .setVouchersResponse: SetVouchersResponse.methodName
        case .getOptions: GetOptions.methodName
        case .getOptionsResponse: GetOptionsResponse.methodName
        case .scheduleDownload: ScheduleDownload.methodName
        case .scheduleDownloadResponse: ScheduleDownloadResponse.methodName
        case .cancelTransfer: CancelTransfer.methodName
        case .cancelTransferResponse: CancelTransferResponse.methodName
        case .changeDUState: ChangeDUState.methodName
        case .changeDUStateResponse: ChangeDUStateResponse.methodName
        case .transferComplete: TransferComplete.methodName
        case .transferCompleteResponse: TransferCompleteResponse.methodName
        case .autonomousTransferComplete: AutonomousTransferComplete.methodName
        case .autonomousTransferCompleteResponse: AutonomousTransferCompleteResponse.methodName
        case .requestDownload: RequestDownload.methodName
        case .requestDownloadResponse: RequestDownloadResponse.methodName
        case .kicked: Kicked.methodName
        case .kickedResponse: KickedResponse.methodName
        case .duStateChangeComplete: DUStateChangeComplete.methodName
        case .duStateChangeCompleteResponse: DUStateChangeCompleteResponse.methodName
        case .autonomousDUStateChangeComplete: AutonomousDUStateChangeComplete.methodName
        case .autonomousDUStateChangeCompleteResponse: AutonomousDUStateChangeCompleteResponse.methodName
        case .fault: Fault.methodName
        case .unknown(let m): m.name
        }
    }

    /// Every method name this enum has a typed case for (the Fault excluded).
    public static let knownMethodNames: [String] = [
        Inform.methodName,
        InformResponse.methodName,
        GetRPCMethods.methodName,
        GetRPCMethodsResponse.methodName,
        SetParameterValues.methodName,
        SetParameterValuesResponse.methodName,
        GetParameterValues.methodName,
        GetParameterValuesResponse.methodName,
        GetParameterNames.methodName,
        GetParameterNamesResponse.methodName,
        SetParameterAttributes.methodName,
        SetParameterAttributesResponse.methodName,
        GetParameterAttributes.methodName,
        GetParameterAttributesResponse.methodName,
        AddObject.methodName,
        AddObjectResponse.methodName,
        DeleteObject.methodName,
        DeleteObjectResponse.methodName,
        Reboot.methodName,
        RebootResponse.methodName,
        Download.methodName,
        DownloadResponse.methodName,
        Upload.methodName,
        UploadResponse.methodName,
        FactoryReset.methodName,
        FactoryResetResponse.methodName,
        ScheduleInform.methodName,
        ScheduleInformResponse.methodName,
        GetQueuedTransfers.methodName,
        GetQueuedTransfersResponse.methodName,
        GetAllQueuedTransfers.methodName,
        GetAllQueuedTransfersResponse.methodName,
        SetVouchers.methodName,
        SetVouchersResponse.methodName,
        GetOptions.methodName,
        GetOptionsResponse.methodName,
        ScheduleDownload.methodName,
        ScheduleDownloadResponse.methodName,
        CancelTransfer.methodName,
        CancelTransferResponse.methodName,
        ChangeDUState.methodName,
        ChangeDUStateResponse.methodName,
        TransferComplete.methodName,
        TransferCompleteResponse.methodName,
        AutonomousTransferComplete.methodName,
        AutonomousTransferCompleteResponse.methodName,
        RequestDownload.methodName,
        RequestDownloadResponse.methodName,
        Kicked.methodName,
        KickedResponse.methodName,
        DUStateChangeComplete.methodName,
        DUStateChangeCompleteResponse.methodName,
        AutonomousDUStateChangeComplete.methodName,
        AutonomousDUStateChangeCompleteResponse.methodName,
    ]

    typealias Decode = @Sendable (XMLElement, inout BodyDecoder) -> CWMPBody

    /// Typed readers by RPC element local name.
    static let decoders: [String: Decode] = [
        Inform.methodName: { .inform(Inform(xml: $0, &$1)) },
        InformResponse.methodName: { .informResponse(InformResponse(xml: $0, &$1)) },
        GetRPCMethods.methodName: { .getRPCMethods(GetRPCMethods(xml: $0, &$1)) },
        GetRPCMethodsResponse.methodName: { .getRPCMethodsResponse(GetRPCMethodsResponse(xml: $0, &$1)) },
        SetParameterValues.methodName: { .setParameterValues(SetParameterValues(xml: $0, &$1)) },
        SetParameterValuesResponse.methodName: {
            .setParameterValuesResponse(SetParameterValuesResponse(xml: $0, &$1))
        },
        GetParameterValues.methodName: { .getParameterValues(GetParameterValues(xml: $0, &$1)) },
        GetParameterValuesResponse.methodName: {
            .getParameterValuesResponse(GetParameterValuesResponse(xml: $0, &$1))
        },
        GetParameterNames.methodName: { .getParameterNames(GetParameterNames(xml: $0, &$1)) },
        GetParameterNamesResponse.methodName: { .getParameterNamesResponse(GetParameterNamesResponse(xml: $0, &$1)) },
        SetParameterAttributes.methodName: { .setParameterAttributes(SetParameterAttributes(xml: $0, &$1)) },
        SetParameterAttributesResponse.methodName: {
            .setParameterAttributesResponse(SetParameterAttributesResponse(xml: $0, &$1))
        },
        GetParameterAttributes.methodName: { .getParameterAttributes(GetParameterAttributes(xml: $0, &$1)) },
        GetParameterAttributesResponse.methodName: {
            .getParameterAttributesResponse(GetParameterAttributesResponse(xml: $0, &$1))
        },
        AddObject.methodName: { .addObject(AddObject(xml: $0, &$1)) },
        AddObjectResponse.methodName: { .addObjectResponse(AddObjectResponse(xml: $0, &$1)) },
        DeleteObject.methodName: { .deleteObject(DeleteObject(xml: $0, &$1)) },
        DeleteObjectResponse.methodName: { .deleteObjectResponse(DeleteObjectResponse(xml: $0, &$1)) },
        Reboot.methodName: { .reboot(Reboot(xml: $0, &$1)) },
        RebootResponse.methodName: { .rebootResponse(RebootResponse(xml: $0, &$1)) },
        Download.methodName: { .download(Download(xml: $0, &$1)) },
        DownloadResponse.methodName: { .downloadResponse(DownloadResponse(xml: $0, &$1)) },
        Upload.methodName: { .upload(Upload(xml: $0, &$1)) },
        UploadResponse.methodName: { .uploadResponse(UploadResponse(xml: $0, &$1)) },
        FactoryReset.methodName: { .factoryReset(FactoryReset(xml: $0, &$1)) },
        FactoryResetResponse.methodName: { .factoryResetResponse(FactoryResetResponse(xml: $0, &$1)) },
        ScheduleInform.methodName: { .scheduleInform(ScheduleInform(xml: $0, &$1)) },
        ScheduleInformResponse.methodName: { .scheduleInformResponse(ScheduleInformResponse(xml: $0, &$1)) },
        GetQueuedTransfers.methodName: { .getQueuedTransfers(GetQueuedTransfers(xml: $0, &$1)) },
        GetQueuedTransfersResponse.methodName: {
            .getQueuedTransfersResponse(GetQueuedTransfersResponse(xml: $0, &$1))
        },
        GetAllQueuedTransfers.methodName: { .getAllQueuedTransfers(GetAllQueuedTransfers(xml: $0, &$1)) },
        GetAllQueuedTransfersResponse.methodName: {
            .getAllQueuedTransfersResponse(GetAllQueuedTransfersResponse(xml: $0, &$1))
        },
        SetVouchers.methodName: { .setVouchers(SetVouchers(xml: $0, &$1)) },
        SetVouchersResponse.methodName: { .setVouchersResponse(SetVouchersResponse(xml: $0, &$1)) },
        GetOptions.methodName: { .getOptions(GetOptions(xml: $0, &$1)) },
        GetOptionsResponse.methodName: { .getOptionsResponse(GetOptionsResponse(xml: $0, &$1)) },
        ScheduleDownload.methodName: { .scheduleDownload(ScheduleDownload(xml: $0, &$1)) },
        ScheduleDownloadResponse.methodName: { .scheduleDownloadResponse(ScheduleDownloadResponse(xml: $0, &$1)) },
        CancelTransfer.methodName: { .cancelTransfer(CancelTransfer(xml: $0, &$1)) },
        CancelTransferResponse.methodName: { .cancelTransferResponse(CancelTransferResponse(xml: $0, &$1)) },
        ChangeDUState.methodName: { .changeDUState(ChangeDUState(xml: $0, &$1)) },
        ChangeDUStateResponse.methodName: { .changeDUStateResponse(ChangeDUStateResponse(xml: $0, &$1)) },
        TransferComplete.methodName: { .transferComplete(TransferComplete(xml: $0, &$1)) },
        TransferCompleteResponse.methodName: { .transferCompleteResponse(TransferCompleteResponse(xml: $0, &$1)) },
        AutonomousTransferComplete.methodName: {
            .autonomousTransferComplete(AutonomousTransferComplete(xml: $0, &$1))
        },
        AutonomousTransferCompleteResponse.methodName: {
            .autonomousTransferCompleteResponse(AutonomousTransferCompleteResponse(xml: $0, &$1))
        },
        RequestDownload.methodName: { .requestDownload(RequestDownload(xml: $0, &$1)) },
        RequestDownloadResponse.methodName: { .requestDownloadResponse(RequestDownloadResponse(xml: $0, &$1)) },
        Kicked.methodName: { .kicked(Kicked(xml: $0, &$1)) },
        KickedResponse.methodName: { .kickedResponse(KickedResponse(xml: $0, &$1)) },
        DUStateChangeComplete.methodName: { .duStateChangeComplete(DUStateChangeComplete(xml: $0, &$1)) },
        DUStateChangeCompleteResponse.methodName: {
            .duStateChangeCompleteResponse(DUStateChangeCompleteResponse(xml: $0, &$1))
        },
        AutonomousDUStateChangeComplete.methodName: {
            .autonomousDUStateChangeComplete(AutonomousDUStateChangeComplete(xml: $0, &$1))
        },
        AutonomousDUStateChangeCompleteResponse.methodName: {
            .autonomousDUStateChangeCompleteResponse(AutonomousDUStateChangeCompleteResponse(xml: $0, &$1))
        },
    ]

    /// Writes the RPC's children.
    func writeXML(_ w: inout BodyWriter) {
        switch self {
        case .inform(let m): m.writeXML(&w)
        case .informResponse(let m): m.writeXML(&w)
        case .getRPCMethods(let m): m.writeXML(&w)
        case .getRPCMethodsResponse(let m): m.writeXML(&w)
        case .setParameterValues(let m): m.writeXML(&w)
        case .setParameterValuesResponse(let m): m.writeXML(&w)
        case .getParameterValues(let m): m.writeXML(&w)
        case .getParameterValuesResponse(let m): m.writeXML(&w)
        case .getParameterNames(let m): m.writeXML(&w)
        case .getParameterNamesResponse(let m): m.writeXML(&w)
        case .setParameterAttributes(let m): m.writeXML(&w)
        case .setParameterAttributesResponse(let m): m.writeXML(&w)
        case .getParameterAttributes(let m): m.writeXML(&w)
        case .getParameterAttributesResponse(let m): m.writeXML(&w)
        case .addObject(let m): m.writeXML(&w)
        case .addObjectResponse(let m): m.writeXML(&w)
        case .deleteObject(let m): m.writeXML(&w)
        case .deleteObjectResponse(let m): m.writeXML(&w)
        case .reboot(let m): m.writeXML(&w)
        case .rebootResponse(let m): m.writeXML(&w)
        case .download(let m): m.writeXML(&w)
        case .downloadResponse(let m): m.writeXML(&w)
        case .upload(let m): m.writeXML(&w)
        case .uploadResponse(let m): m.writeXML(&w)
        case .factoryReset(let m): m.writeXML(&w)
        case .factoryResetResponse(let m): m.writeXML(&w)
        case .scheduleInform(let m): m.writeXML(&w)
        case .scheduleInformResponse(let m): m.writeXML(&w)
        case .getQueuedTransfers(let m): m.writeXML(&w)
        case .getQueuedTransfersResponse(let m): m.writeXML(&w)
        case .getAllQueuedTransfers(let m): m.writeXML(&w)
        case .getAllQueuedTransfersResponse(let m): m.writeXML(&w)
        case .setVouchers(let m): m.writeXML(&w)
        case .setVouchersResponse(let m): m.writeXML(&w)
        case .getOptions(let m): m.writeXML(&w)
        case .getOptionsResponse(let m): m.writeXML(&w)
        case .scheduleDownload(let m): m.writeXML(&w)
        case .scheduleDownloadResponse(let m): m.writeXML(&w)
        case .cancelTransfer(let m): m.writeXML(&w)
        case .cancelTransferResponse(let m): m.writeXML(&w)
        case .changeDUState(let m): m.writeXML(&w)
        case .changeDUStateResponse(let m): m.writeXML(&w)
        case .transferComplete(let m): m.writeXML(&w)
        case .transferCompleteResponse(let m): m.writeXML(&w)
        case .autonomousTransferComplete(let m): m.writeXML(&w)
        case .autonomousTransferCompleteResponse(let m): m.writeXML(&w)
        case .requestDownload(let m): m.writeXML(&w)
        case .requestDownloadResponse(let m): m.writeXML(&w)
        case .kicked(let m): m.writeXML(&w)
        case .kickedResponse(let m): m.writeXML(&w)
        case .duStateChangeComplete(let m): m.writeXML(&w)
        case .duStateChangeCompleteResponse(let m): m.writeXML(&w)
        case .autonomousDUStateChangeComplete(let m): m.writeXML(&w)
        case .autonomousDUStateChangeCompleteResponse(let m): m.writeXML(&w)
        case .fault(let m): m.writeXML(&w)
        case .unknown(let m): for child in m.children { child.write(&w) }
        }
    }

    /// The body's fields for JSON output (the `body` member of `ferrule cwmp parse`).
    public var payload: any Encodable & Sendable {
        switch self {
        case .inform(let m): m
        case .informResponse(let m): m
        case .getRPCMethods(let m): m
        case .getRPCMethodsResponse(let m): m
        case .setParameterValues(let m): m
        case .setParameterValuesResponse(let m): m
        case .getParameterValues(let m): m
        case .getParameterValuesResponse(let m): m
        case .getParameterNames(let m): m
        case .getParameterNamesResponse(let m): m
        case .setParameterAttributes(let m): m
        case .setParameterAttributesResponse(let m): m
        case .getParameterAttributes(let m): m
        case .getParameterAttributesResponse(let m): m
        case .addObject(let m): m
        case .addObjectResponse(let m): m
        case .deleteObject(let m): m
        case .deleteObjectResponse(let m): m
        case .reboot(let m): m
        case .rebootResponse(let m): m
        case .download(let m): m
        case .downloadResponse(let m): m
        case .upload(let m): m
        case .uploadResponse(let m): m
        case .factoryReset(let m): m
        case .factoryResetResponse(let m): m
        case .scheduleInform(let m): m
        case .scheduleInformResponse(let m): m
        case .getQueuedTransfers(let m): m
        case .getQueuedTransfersResponse(let m): m
        case .getAllQueuedTransfers(let m): m
        case .getAllQueuedTransfersResponse(let m): m
        case .setVouchers(let m): m
        case .setVouchersResponse(let m): m
        case .getOptions(let m): m
        case .getOptionsResponse(let m): m
        case .scheduleDownload(let m): m
        case .scheduleDownloadResponse(let m): m
        case .cancelTransfer(let m): m
        case .cancelTransferResponse(let m): m
        case .changeDUState(let m): m
        case .changeDUStateResponse(let m): m
        case .transferComplete(let m): m
        case .transferCompleteResponse(let m): m
        case .autonomousTransferComplete(let m): m
        case .autonomousTransferCompleteResponse(let m): m
        case .requestDownload(let m): m
        case .requestDownloadResponse(let m): m
        case .kicked(let m): m
        case .kickedResponse(let m): m
        case .duStateChangeComplete(let m): m
        case .duStateChangeCompleteResponse(let m): m
        case .autonomousDUStateChangeComplete(let m): m
        case .autonomousDUStateChangeCompleteResponse(let m): m
        case .fault(let m): m
        case .unknown(let m): m
        }
    }
}
