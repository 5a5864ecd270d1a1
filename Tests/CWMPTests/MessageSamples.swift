import FerruleTestSupport

@testable import CWMP

/// Random, valid instances of every RPC for round-trip property tests.
struct MessageSamples {
    var rng: SeededGenerator

    /// Characters that stress escaping: markup, quotes, non-ASCII, emoji, XML white space.
    private static let alphabet = Array("abcXYZ019 _.-&<>\"'é€😀/=:;,[]{}#%")

    /// A string without leading or trailing white space (fields the reader trims).
    mutating func token(_ maxLength: Int = 12) -> String {
        let n = Int.random(in: 0...maxLength, using: &rng)
        let s = String((0..<n).map { _ in Self.alphabet.randomElement(using: &rng) ?? "a" })
        return s.trimmingXMLWhitespace()
    }

    /// A value string that may carry leading/trailing spaces, tabs and line breaks (never trimmed).
    mutating func rawValue() -> String {
        let edges = ["", " ", "  ", "\t", "\n", "\r\n", " x "]
        return (edges.randomElement(using: &rng) ?? "") + token(20) + (edges.randomElement(using: &rng) ?? "")
    }

    mutating func path() -> String {
        let roots = ["Device.", "InternetGatewayDevice."]
        let segments = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            Bool.random(using: &rng)
                ? String(Int.random(in: 1...40, using: &rng))
                : ["WiFi", "SSID", "X_ACME_Thing", "Enable", "Name"].randomElement(using: &rng) ?? "A"
        }
        return (roots.randomElement(using: &rng) ?? "Device.") + segments.joined(separator: ".")
    }

    mutating func u32() -> UInt32 { UInt32.random(in: 0...UInt32.max, using: &rng) }
    mutating func i32() -> Int32 { Int32.random(in: Int32.min...Int32.max, using: &rng) }
    mutating func bool() -> Bool { Bool.random(using: &rng) }
    /// A response `Status`: the schemas allow 0 and 1 only (cwmp-1-2.xsd, SetParameterValuesResponse
    /// and the other responses); a negative one is read as 0 with a warning, as GenieACS reads it.
    mutating func status() -> Int32 { Int32.random(in: 0...1, using: &rng) }

    mutating func dateTime() -> String {
        let forms = [
            "0001-01-01T00:00:00Z", "2026-11-29T06:31:15Z", "1970-01-01T00:00:07+02:00",
            "2024-02-29T23:59:59.123-05:30", "2019-03-05T11:54:14",
        ]
        return forms.randomElement(using: &rng) ?? forms[0]
    }

    mutating func type() -> ValueType {
        let all: [ValueType] = [
            .string, .int, .unsignedInt, .long, .unsignedLong, .boolean, .dateTime, .base64, .hexBinary,
            .other("cwmp:X_ACME_Blob"),
        ]
        return all.randomElement(using: &rng) ?? .string
    }

    mutating func list<T>(_ max: Int = 4, _ make: (inout MessageSamples) -> T) -> [T] {
        (0..<Int.random(in: 0...max, using: &rng)).map { _ in make(&self) }
    }

    mutating func parameterValue() -> ParameterValue {
        ParameterValue(
            name: path(),
            value: Int.random(in: 0..<8, using: &rng) == 0 ? nil : CWMPValue(rawValue(), type: type())
        )
    }

    mutating func fault() -> TransferFault {
        bool() ? TransferFault() : TransferFault(code: UInt32.random(in: 9001...9020, using: &rng), string: token())
    }

    mutating func duResult(autonomous: Bool) -> DeploymentUnitResult {
        DeploymentUnitResult(
            uuid: token(),
            deploymentUnitRef: token(),
            version: token(),
            currentState: "Installed",
            resolved: bool(),
            executionUnitRefList: token(),
            startTime: dateTime(),
            completeTime: dateTime(),
            fault: fault(),
            operationPerformed: autonomous ? "Install" : nil
        )
    }

    /// One random instance of every body case.
    mutating func everyBody() -> [CWMPBody] {
        [
            .inform(
                Inform(
                    deviceId: DeviceId(
                        manufacturer: token(),
                        oui: "00AC4D",
                        productClass: token(),
                        serialNumber: token()
                    ),
                    events: list { EventStruct(code: $0.token(), commandKey: $0.token()) },
                    maxEnvelopes: u32(),
                    currentTime: dateTime(),
                    retryCount: u32(),
                    parameters: list(6) { $0.parameterValue() }
                )
            ),
            .informResponse(InformResponse(maxEnvelopes: u32())),
            .getRPCMethods(GetRPCMethods()),
            .getRPCMethodsResponse(GetRPCMethodsResponse(methods: list { $0.token() })),
            .setParameterValues(SetParameterValues(parameters: list { $0.parameterValue() }, parameterKey: token())),
            .setParameterValuesResponse(SetParameterValuesResponse(status: status())),
            .getParameterValues(GetParameterValues(parameterNames: list { $0.path() })),
            .getParameterValuesResponse(GetParameterValuesResponse(parameters: list(8) { $0.parameterValue() })),
            .getParameterNames(GetParameterNames(parameterPath: path(), nextLevel: bool())),
            .getParameterNamesResponse(
                GetParameterNamesResponse(parameters: list { ParameterInfo(name: $0.path(), writable: $0.bool()) })
            ),
            .setParameterAttributes(
                SetParameterAttributes(
                    parameters: list {
                        SetParameterAttributesStruct(
                            name: $0.path(),
                            notificationChange: $0.bool(),
                            notification: $0.i32(),
                            accessListChange: $0.bool(),
                            accessList: $0.list { $0.token() }
                        )
                    }
                )
            ),
            .setParameterAttributesResponse(SetParameterAttributesResponse()),
            .getParameterAttributes(GetParameterAttributes(parameterNames: list { $0.path() })),
            .getParameterAttributesResponse(
                GetParameterAttributesResponse(
                    parameters: list {
                        ParameterAttribute(name: $0.path(), notification: $0.i32(), accessList: $0.list { $0.token() })
                    }
                )
            ),
            .addObject(AddObject(objectName: path() + ".", parameterKey: token())),
            .addObjectResponse(AddObjectResponse(instanceNumber: u32(), status: status())),
            .deleteObject(DeleteObject(objectName: path() + ".", parameterKey: token())),
            .deleteObjectResponse(DeleteObjectResponse(status: status())),
            .reboot(Reboot(commandKey: token())),
            .rebootResponse(RebootResponse()),
            .download(
                Download(
                    commandKey: token(),
                    fileType: "1 Firmware Upgrade Image",
                    url: "http://fw.example/" + token(),
                    username: token(),
                    password: SecretString(token()),
                    fileSize: u32(),
                    targetFileName: token(),
                    delaySeconds: u32(),
                    successURL: token(),
                    failureURL: token()
                )
            ),
            .downloadResponse(DownloadResponse(status: status(), startTime: dateTime(), completeTime: dateTime())),
            .upload(
                Upload(
                    commandKey: token(),
                    fileType: "2 Vendor Log File",
                    url: token(),
                    username: token(),
                    password: SecretString(token()),
                    delaySeconds: u32()
                )
            ),
            .uploadResponse(UploadResponse(status: status(), startTime: dateTime(), completeTime: dateTime())),
            .factoryReset(FactoryReset()),
            .factoryResetResponse(FactoryResetResponse()),
            .scheduleInform(ScheduleInform(delaySeconds: u32(), commandKey: token())),
            .scheduleInformResponse(ScheduleInformResponse()),
            .getQueuedTransfers(GetQueuedTransfers()),
            .getQueuedTransfersResponse(
                GetQueuedTransfersResponse(transfers: list { QueuedTransfer(commandKey: $0.token(), state: $0.i32()) })
            ),
            .getAllQueuedTransfers(GetAllQueuedTransfers()),
            .getAllQueuedTransfersResponse(
                GetAllQueuedTransfersResponse(
                    transfers: list {
                        AllQueuedTransfer(
                            commandKey: $0.token(),
                            state: $0.i32(),
                            isDownload: $0.bool(),
                            fileType: $0.token(),
                            fileSize: $0.u32(),
                            targetFileName: $0.token()
                        )
                    }
                )
            ),
            .setVouchers(SetVouchers(vouchers: list { _ in "AAEC" })),
            .setVouchersResponse(SetVouchersResponse()),
            .getOptions(GetOptions(optionName: token())),
            .getOptionsResponse(
                GetOptionsResponse(
                    options: list {
                        OptionStruct(
                            optionName: $0.token(),
                            voucherSN: $0.u32(),
                            state: $0.u32(),
                            mode: $0.i32(),
                            startDate: $0.dateTime(),
                            expirationDate: $0.bool() ? $0.dateTime() : nil,
                            isTransferable: $0.bool()
                        )
                    }
                )
            ),
            .scheduleDownload(
                ScheduleDownload(
                    commandKey: token(),
                    fileType: "1 Firmware Upgrade Image",
                    url: token(),
                    username: token(),
                    password: SecretString(token()),
                    fileSize: u32(),
                    targetFileName: token(),
                    timeWindows: list(2) {
                        TimeWindow(
                            windowStart: $0.u32(),
                            windowEnd: $0.u32(),
                            windowMode: "1 At Any Time",
                            userMessage: $0.token(),
                            maxRetries: $0.i32()
                        )
                    }
                )
            ),
            .scheduleDownloadResponse(ScheduleDownloadResponse()),
            .cancelTransfer(CancelTransfer(commandKey: token())),
            .cancelTransferResponse(CancelTransferResponse()),
            .changeDUState(
                ChangeDUState(
                    operations: [
                        .install(
                            url: token(),
                            uuid: token(),
                            username: token(),
                            password: SecretString(token()),
                            executionEnvRef: token()
                        ),
                        .update(
                            uuid: token(),
                            version: token(),
                            url: token(),
                            username: token(),
                            password: SecretString(token())
                        ),
                        .uninstall(uuid: token(), version: token(), executionEnvRef: token()),
                    ],
                    commandKey: bool() ? token() : nil
                )
            ),
            .changeDUStateResponse(ChangeDUStateResponse()),
            .transferComplete(
                TransferComplete(commandKey: token(), fault: fault(), startTime: dateTime(), completeTime: dateTime())
            ),
            .transferCompleteResponse(TransferCompleteResponse()),
            .autonomousTransferComplete(
                AutonomousTransferComplete(
                    announceURL: token(),
                    transferURL: token(),
                    isDownload: bool(),
                    fileType: "1 Firmware Upgrade Image",
                    fileSize: u32(),
                    targetFileName: token(),
                    fault: fault(),
                    startTime: dateTime(),
                    completeTime: dateTime()
                )
            ),
            .autonomousTransferCompleteResponse(AutonomousTransferCompleteResponse()),
            .requestDownload(
                RequestDownload(
                    fileType: token(),
                    fileTypeArgs: list { FileTypeArg(name: $0.token(), value: $0.rawValue()) }
                )
            ),
            .requestDownloadResponse(RequestDownloadResponse()),
            .kicked(Kicked(command: token(), referer: token(), arg: token(), next: token())),
            .kickedResponse(KickedResponse(nextURL: token())),
            .duStateChangeComplete(
                DUStateChangeComplete(results: [duResult(autonomous: false)], commandKey: bool() ? token() : nil)
            ),
            .duStateChangeCompleteResponse(DUStateChangeCompleteResponse()),
            .autonomousDUStateChangeComplete(AutonomousDUStateChangeComplete(results: [duResult(autonomous: true)])),
            .autonomousDUStateChangeCompleteResponse(AutonomousDUStateChangeCompleteResponse()),
            .fault(
                Fault(
                    faultCode: "Client",
                    faultString: "CWMP fault",
                    cwmpFault: CWMPFault(
                        code: 9003,
                        string: token(),
                        setParameterValuesFaults: list {
                            SetParameterValuesFault(name: $0.path(), code: 9007, string: $0.token())
                        }
                    )
                )
            ),
            .unknown(
                UnknownMethod(
                    name: "X_ACME_Frobnicate",
                    children: [
                        GenericElement(name: "Knob", text: "11"),
                        GenericElement(name: "Group", children: [GenericElement(name: "Item", text: "a&b")]),
                    ]
                )
            ),
        ]
    }
}
