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
    public var methodName: String { message.elementName }

    /// The body's fields for JSON output (the `body` member of `ferrule cwmp parse`).
    public var payload: any Encodable & Sendable { message }

    /// Writes the RPC's children.
    func writeXML(_ w: inout BodyWriter) { message.writeXML(&w) }

    /// The message a case carries.
    private var message: any BodyMessage {
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

    /// Every method name this enum has a typed case for (the Fault excluded).
    public static let knownMethodNames: [String] = typedMethods.map(\.name)

    typealias Decode = @Sendable (XMLElement, inout BodyDecoder) -> CWMPBody

    /// Typed readers by RPC element local name.
    static let decoders: [String: Decode] = Dictionary(uniqueKeysWithValues: typedMethods.map { ($0.name, $0.decode) })

    /// One entry per typed case but the Fault: the method's name and its reader.
    private static let typedMethods: [(name: String, decode: Decode)] = [
        method(CWMPBody.inform),
        method(CWMPBody.informResponse),
        method(CWMPBody.getRPCMethods),
        method(CWMPBody.getRPCMethodsResponse),
        method(CWMPBody.setParameterValues),
        method(CWMPBody.setParameterValuesResponse),
        method(CWMPBody.getParameterValues),
        method(CWMPBody.getParameterValuesResponse),
        method(CWMPBody.getParameterNames),
        method(CWMPBody.getParameterNamesResponse),
        method(CWMPBody.setParameterAttributes),
        method(CWMPBody.setParameterAttributesResponse),
        method(CWMPBody.getParameterAttributes),
        method(CWMPBody.getParameterAttributesResponse),
        method(CWMPBody.addObject),
        method(CWMPBody.addObjectResponse),
        method(CWMPBody.deleteObject),
        method(CWMPBody.deleteObjectResponse),
        method(CWMPBody.reboot),
        method(CWMPBody.rebootResponse),
        method(CWMPBody.download),
        method(CWMPBody.downloadResponse),
        method(CWMPBody.upload),
        method(CWMPBody.uploadResponse),
        method(CWMPBody.factoryReset),
        method(CWMPBody.factoryResetResponse),
        method(CWMPBody.scheduleInform),
        method(CWMPBody.scheduleInformResponse),
        method(CWMPBody.getQueuedTransfers),
        method(CWMPBody.getQueuedTransfersResponse),
        method(CWMPBody.getAllQueuedTransfers),
        method(CWMPBody.getAllQueuedTransfersResponse),
        method(CWMPBody.setVouchers),
        method(CWMPBody.setVouchersResponse),
        method(CWMPBody.getOptions),
        method(CWMPBody.getOptionsResponse),
        method(CWMPBody.scheduleDownload),
        method(CWMPBody.scheduleDownloadResponse),
        method(CWMPBody.cancelTransfer),
        method(CWMPBody.cancelTransferResponse),
        method(CWMPBody.changeDUState),
        method(CWMPBody.changeDUStateResponse),
        method(CWMPBody.transferComplete),
        method(CWMPBody.transferCompleteResponse),
        method(CWMPBody.autonomousTransferComplete),
        method(CWMPBody.autonomousTransferCompleteResponse),
        method(CWMPBody.requestDownload),
        method(CWMPBody.requestDownloadResponse),
        method(CWMPBody.kicked),
        method(CWMPBody.kickedResponse),
        method(CWMPBody.duStateChangeComplete),
        method(CWMPBody.duStateChangeCompleteResponse),
        method(CWMPBody.autonomousDUStateChangeComplete),
        method(CWMPBody.autonomousDUStateChangeCompleteResponse),
    ]

    /// The name and reader of the method whose case `wrap` makes.
    private static func method<M: CWMPRPC>(_ wrap: @escaping @Sendable (M) -> CWMPBody) -> (
        name: String, decode: Decode
    ) {
        (M.methodName, { wrap(M(xml: $0, &$1)) })
    }
}
