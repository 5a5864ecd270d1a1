/// One operation of a ChangeDUState, chosen on the wire by `xsi:type` (cwmp-1-2.xsd:973-1177).
public enum DeploymentUnitOperation: Sendable, Hashable, Codable {
    case install(url: String, uuid: String, username: String, password: SecretString, executionEnvRef: String)
    case update(uuid: String, version: String, url: String, username: String, password: SecretString)
    case uninstall(uuid: String, version: String, executionEnvRef: String)

    /// The concrete struct type name (`InstallOpStruct`).
    var structName: String {
        switch self {
        case .install: "InstallOpStruct"
        case .update: "UpdateOpStruct"
        case .uninstall: "UninstallOpStruct"
        }
    }
}

/// `ChangeDUState` (CWMP 1.2): install, update or uninstall deployment units.
public struct ChangeDUState: CWMPRPC {
    public static let methodName = "ChangeDUState"
    public var operations: [DeploymentUnitOperation]
    public var commandKey: String?

    public init(operations: [DeploymentUnitOperation], commandKey: String? = nil) {
        self.operations = operations
        self.commandKey = commandKey
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        var operations: [DeploymentUnitOperation] = []
        let items = d.structs(e, "Operations", itemName: "operation") {
            $0.attribute("type") != nil || $0.child("UUID") != nil
        }
        for op in items {
            if let operation = Self.operation(op) {
                operations.append(operation)
            } else {
                d.warn(
                    .unexpectedElement,
                    "\(op.localName) has no known xsi:type or name (InstallOpStruct, UpdateOpStruct, "
                        + "UninstallOpStruct); it was ignored",
                    at: op
                )
            }
        }
        if operations.isEmpty && e.child("Operations") == nil {
            d.warn(.missingElement, "Operations is missing", at: e)
        }
        self.operations = operations
        commandKey = e.child("CommandKey")?.text
    }

    /// One operation, its kind from `xsi:type` or, inside a wrapping `Operations`, its element name.
    private static func operation(_ op: XMLElement) -> DeploymentUnitOperation? {
        let type = op.attribute("type").map { ValueType.parse($0).type.localName } ?? op.localName
        func text(_ name: String) -> String { op.child(name)?.trimmedText ?? "" }
        let password = SecretString(op.child("Password")?.text ?? "")
        switch type {
        case "InstallOpStruct":
            return .install(
                url: text("URL"),
                uuid: text("UUID"),
                username: text("Username"),
                password: password,
                executionEnvRef: text("ExecutionEnvRef")
            )
        case "UpdateOpStruct":
            return .update(
                uuid: text("UUID"),
                version: text("Version"),
                url: text("URL"),
                username: text("Username"),
                password: password
            )
        case "UninstallOpStruct":
            return .uninstall(uuid: text("UUID"), version: text("Version"), executionEnvRef: text("ExecutionEnvRef"))
        default:
            return nil
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        for op in operations {
            w.structure("Operations", [("xsi:type", "cwmp:" + op.structName)]) { w in
                switch op {
                case .install(let url, let uuid, let username, let password, let env):
                    w.field("URL", url)
                    w.field("UUID", uuid)
                    w.field("Username", username)
                    w.field("Password", password.value)
                    w.field("ExecutionEnvRef", env)
                case .update(let uuid, let version, let url, let username, let password):
                    w.field("UUID", uuid)
                    w.field("Version", version)
                    w.field("URL", url)
                    w.field("Username", username)
                    w.field("Password", password.value)
                case .uninstall(let uuid, let version, let env):
                    w.field("UUID", uuid)
                    w.field("Version", version)
                    w.field("ExecutionEnvRef", env)
                }
            }
        }
        w.optionalField("CommandKey", commandKey)
    }
}

/// `ChangeDUStateResponse`.
public struct ChangeDUStateResponse: EmptyCWMPRPC {
    public static let methodName = "ChangeDUStateResponse"
    public init() {}
}

/// One `OpResultStruct` (or `AutonOpResultStruct` when ``operationPerformed`` is set).
public struct DeploymentUnitResult: Sendable, Hashable, Codable {
    public var uuid: String
    public var deploymentUnitRef: String
    public var version: String
    /// `Installed`, `Uninstalled` or `Failed`.
    public var currentState: String
    public var resolved: Bool
    public var executionUnitRefList: String
    public var startTime: String
    public var completeTime: String
    public var fault: TransferFault
    /// `Install`, `Update` or `Uninstall`; only in AutonomousDUStateChangeComplete.
    public var operationPerformed: String?

    public init(
        uuid: String,
        deploymentUnitRef: String,
        version: String,
        currentState: String,
        resolved: Bool,
        executionUnitRefList: String,
        startTime: String,
        completeTime: String,
        fault: TransferFault = TransferFault(),
        operationPerformed: String? = nil
    ) {
        self.uuid = uuid
        self.deploymentUnitRef = deploymentUnitRef
        self.version = version
        self.currentState = currentState
        self.resolved = resolved
        self.executionUnitRefList = executionUnitRefList
        self.startTime = startTime
        self.completeTime = completeTime
        self.fault = fault
        self.operationPerformed = operationPerformed
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder, autonomous: Bool) {
        uuid = d.token(e, "UUID")
        deploymentUnitRef = d.token(e, "DeploymentUnitRef")
        version = d.token(e, "Version")
        currentState = d.token(e, "CurrentState")
        resolved = d.bool(e, "Resolved")
        executionUnitRefList = d.token(e, "ExecutionUnitRefList")
        startTime = d.dateTime(e, "StartTime")
        completeTime = d.dateTime(e, "CompleteTime")
        fault = d.transferFault(e, "Fault")
        operationPerformed = autonomous ? d.token(e, "OperationPerformed") : nil
    }

    /// The `Results` of a DUStateChangeComplete (`OpResultStruct`s) or, when `autonomous`, of an
    /// AutonomousDUStateChangeComplete (`AutonOpResultStruct`s); a warning when there are none.
    static func results(_ e: XMLElement, _ d: inout BodyDecoder, autonomous: Bool) -> [DeploymentUnitResult] {
        let itemName = autonomous ? "AutonOpResultStruct" : "OpResultStruct"
        let results = d.structs(e, "Results", itemName: itemName) { $0.child("UUID") != nil }.map {
            DeploymentUnitResult(xml: $0, &d, autonomous: autonomous)
        }
        if results.isEmpty { d.warn(.missingElement, "Results is missing", at: e) }
        return results
    }

    func writeXML(_ w: inout BodyWriter) {
        w.structure("Results") { w in
            w.field("UUID", uuid)
            w.field("DeploymentUnitRef", deploymentUnitRef)
            w.field("Version", version)
            w.field("CurrentState", currentState)
            w.field("Resolved", resolved)
            w.field("ExecutionUnitRefList", executionUnitRefList)
            w.field("StartTime", startTime)
            w.field("CompleteTime", completeTime)
            w.transferFault(fault, "Fault")
            w.optionalField("OperationPerformed", operationPerformed)
        }
    }
}

/// `DUStateChangeComplete` (CPE → ACS, CWMP 1.2).
public struct DUStateChangeComplete: CWMPRPC {
    public static let methodName = "DUStateChangeComplete"
    public var results: [DeploymentUnitResult]
    public var commandKey: String?

    public init(results: [DeploymentUnitResult], commandKey: String? = nil) {
        self.results = results
        self.commandKey = commandKey
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        results = DeploymentUnitResult.results(e, &d, autonomous: false)
        commandKey = e.child("CommandKey")?.text
    }

    func writeXML(_ w: inout BodyWriter) {
        for result in results { result.writeXML(&w) }
        w.optionalField("CommandKey", commandKey)
    }
}

/// `DUStateChangeCompleteResponse`.
public struct DUStateChangeCompleteResponse: EmptyCWMPRPC {
    public static let methodName = "DUStateChangeCompleteResponse"
    public init() {}
}

/// `AutonomousDUStateChangeComplete` (CPE → ACS, CWMP 1.2).
public struct AutonomousDUStateChangeComplete: CWMPRPC {
    public static let methodName = "AutonomousDUStateChangeComplete"
    public var results: [DeploymentUnitResult]

    public init(results: [DeploymentUnitResult]) { self.results = results }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        results = DeploymentUnitResult.results(e, &d, autonomous: true)
    }

    func writeXML(_ w: inout BodyWriter) {
        for result in results { result.writeXML(&w) }
    }
}

/// `AutonomousDUStateChangeCompleteResponse`.
public struct AutonomousDUStateChangeCompleteResponse: EmptyCWMPRPC {
    public static let methodName = "AutonomousDUStateChangeCompleteResponse"
    public init() {}
}
