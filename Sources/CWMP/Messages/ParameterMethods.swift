/// `GetRPCMethods` (either direction).
public struct GetRPCMethods: EmptyCWMPRPC {
    public static let methodName = "GetRPCMethods"
    public init() {}
}

/// `GetRPCMethodsResponse`: the methods the sender supports.
public struct GetRPCMethodsResponse: CWMPRPC {
    public static let methodName = "GetRPCMethodsResponse"
    public var methods: [String]

    public init(methods: [String]) { self.methods = methods }

    init(xml e: XMLElement, _ d: inout BodyDecoder) { methods = d.strings(e, "MethodList") }
    func writeXML(_ w: inout BodyWriter) { w.stringArray("MethodList", methods) }
}

/// `SetParameterValues` (ACS → CPE).
public struct SetParameterValues: CWMPRPC {
    public static let methodName = "SetParameterValues"
    public var parameters: [ParameterValue]
    public var parameterKey: String

    public init(parameters: [ParameterValue], parameterKey: String = "") {
        self.parameters = parameters
        self.parameterKey = parameterKey
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        parameters = d.parameterValues(e)
        parameterKey = d.string(e, "ParameterKey")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.parameterValues(parameters)
        w.field("ParameterKey", parameterKey)
    }
}

/// `SetParameterValuesResponse`: 0 applied, 1 committed but applied later.
public struct SetParameterValuesResponse: CWMPRPC {
    public static let methodName = "SetParameterValuesResponse"
    public var status: Int32

    public init(status: Int32) { self.status = status }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        status = d.parsedInt(e, "Status", nonNegative: true, readsLast: true, citation: "lib/soap.ts:341-355")
    }
    func writeXML(_ w: inout BodyWriter) { w.field("Status", status) }
}

/// An RPC naming parameters (`GetParameterValues`, `GetParameterAttributes`).
protocol ParameterNamesRPC: CWMPRPC {
    var parameterNames: [String] { get }
    init(parameterNames: [String])
}

extension ParameterNamesRPC {
    init(xml e: XMLElement, _ d: inout BodyDecoder) { self.init(parameterNames: d.parameterNames(e)) }
    func writeXML(_ w: inout BodyWriter) { w.stringArray("ParameterNames", parameterNames) }
}

/// `GetParameterValues`: full paths, or partial paths ending in `.`.
public struct GetParameterValues: ParameterNamesRPC {
    public static let methodName = "GetParameterValues"
    public var parameterNames: [String]

    public init(parameterNames: [String]) { self.parameterNames = parameterNames }
}

/// `GetParameterValuesResponse`.
public struct GetParameterValuesResponse: CWMPRPC {
    public static let methodName = "GetParameterValuesResponse"
    public var parameters: [ParameterValue]

    public init(parameters: [ParameterValue]) { self.parameters = parameters }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        d.noteParameterListRequired(e, citation: "lib/soap.ts:292, 144")
        parameters = d.parameterValues(e, genieACSReads: true, repeats: .getParameterValuesResponse)
    }
    func writeXML(_ w: inout BodyWriter) { w.parameterValues(parameters) }
}

/// `GetParameterNames`.
public struct GetParameterNames: CWMPRPC {
    public static let methodName = "GetParameterNames"
    public var parameterPath: String
    public var nextLevel: Bool

    public init(parameterPath: String, nextLevel: Bool) {
        self.parameterPath = parameterPath
        self.nextLevel = nextLevel
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        parameterPath = d.token(e, "ParameterPath")
        nextLevel = d.bool(e, "NextLevel")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("ParameterPath", parameterPath)
        w.field("NextLevel", nextLevel)
    }
}

/// `GetParameterNamesResponse`: names with writability; object names end in `.`.
public struct GetParameterNamesResponse: CWMPRPC {
    public static let methodName = "GetParameterNamesResponse"
    public var parameters: [ParameterInfo]

    public init(parameters: [ParameterInfo]) { self.parameters = parameters }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        d.noteParameterListRequired(e, citation: "lib/soap.ts:275, 92")
        parameters = d.array(e, "ParameterList", itemType: "ParameterInfoStruct", itemName: "ParameterInfoStruct") {
            item,
            d in
            d.parameterInfo(item)
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("ParameterList", itemType: "cwmp:ParameterInfoStruct", parameters) { item, w in
            w.structure("ParameterInfoStruct") { w in
                w.field("Name", item.name)
                w.field("Writable", item.writable)
            }
        }
    }
}

/// One `SetParameterAttributesStruct`.
public struct SetParameterAttributesStruct: Sendable, Hashable, Codable {
    public var name: String
    public var notificationChange: Bool
    /// 0 off, 1 passive, 2 active; 3–6 lightweight variants (CWMP 1.4).
    public var notification: Int32
    public var accessListChange: Bool
    public var accessList: [String]

    public init(
        name: String,
        notificationChange: Bool,
        notification: Int32,
        accessListChange: Bool,
        accessList: [String]
    ) {
        self.name = name
        self.notificationChange = notificationChange
        self.notification = notification
        self.accessListChange = accessListChange
        self.accessList = accessList
    }
}

/// `SetParameterAttributes`.
public struct SetParameterAttributes: CWMPRPC {
    public static let methodName = "SetParameterAttributes"
    public var parameters: [SetParameterAttributesStruct]

    public init(parameters: [SetParameterAttributesStruct]) { self.parameters = parameters }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        parameters = d.array(
            e,
            "ParameterList",
            itemType: "SetParameterAttributesStruct",
            itemName: "SetParameterAttributesStruct"
        ) { item, d in
            SetParameterAttributesStruct(
                name: d.parameterName(item.child("Name"), parent: item),
                notificationChange: d.bool(item, "NotificationChange"),
                notification: d.int(item, "Notification"),
                accessListChange: d.bool(item, "AccessListChange"),
                accessList: d.strings(item, "AccessList")
            )
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("ParameterList", itemType: "cwmp:SetParameterAttributesStruct", parameters) { item, w in
            w.structure("SetParameterAttributesStruct") { w in
                w.field("Name", item.name)
                w.field("NotificationChange", item.notificationChange)
                w.field("Notification", item.notification)
                w.field("AccessListChange", item.accessListChange)
                w.stringArray("AccessList", item.accessList)
            }
        }
    }
}

/// `SetParameterAttributesResponse`.
public struct SetParameterAttributesResponse: EmptyCWMPRPC {
    public static let methodName = "SetParameterAttributesResponse"
    public init() {}
}

/// `GetParameterAttributes`.
public struct GetParameterAttributes: ParameterNamesRPC {
    public static let methodName = "GetParameterAttributes"
    public var parameterNames: [String]

    public init(parameterNames: [String]) { self.parameterNames = parameterNames }
}

/// One `ParameterAttributeStruct`.
public struct ParameterAttribute: Sendable, Hashable, Codable {
    public var name: String
    public var notification: Int32
    public var accessList: [String]

    public init(name: String, notification: Int32, accessList: [String]) {
        self.name = name
        self.notification = notification
        self.accessList = accessList
    }
}

/// `GetParameterAttributesResponse`.
public struct GetParameterAttributesResponse: CWMPRPC {
    public static let methodName = "GetParameterAttributesResponse"
    public var parameters: [ParameterAttribute]

    public init(parameters: [ParameterAttribute]) { self.parameters = parameters }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        d.noteParameterListRequired(e, citation: "lib/soap.ts:311, 217")
        parameters = d.array(
            e,
            "ParameterList",
            itemType: "ParameterAttributeStruct",
            itemName: "ParameterAttributeStruct"
        ) {
            item,
            d in
            // GenieACS reads Notification's text and AccessList's children without checking that
            // they exist (lib/soap.ts:237, 247).
            if item.child("Notification") == nil {
                d.noteGenieACSTypeError("Notification", citation: "lib/soap.ts:237", at: item)
            } else if item.child("AccessList") == nil {
                d.noteGenieACSTypeError("AccessList", citation: "lib/soap.ts:247", at: item)
            }
            // Of a repeated Name, Notification or AccessList the last is read, as GenieACS assigns
            // each in a loop over the struct's children (lib/soap.ts:223-234).
            let citation = "lib/soap.ts:223-234"
            let nameElement = d.lastChild(item, "Name", citation: citation)
            let name = d.parameterName(nameElement, parent: item)
            if let nameElement { d.noteGenieACSDropsName(name, at: nameElement) }
            let notification: Int32 = d.parsedInt(
                item,
                "Notification",
                readsLast: true,
                citation: "lib/soap.ts:228-245"
            )
            let accessListElement = d.lastChild(item, "AccessList", citation: citation)
            let accessList = d.array(
                accessListElement,
                in: item,
                "AccessList",
                itemType: "string",
                itemName: "string"
            ) { string, _ in string.trimmedText }
            return ParameterAttribute(name: name, notification: notification, accessList: accessList)
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("ParameterList", itemType: "cwmp:ParameterAttributeStruct", parameters) { item, w in
            w.structure("ParameterAttributeStruct") { w in
                w.field("Name", item.name)
                w.field("Notification", item.notification)
                w.stringArray("AccessList", item.accessList)
            }
        }
    }
}

/// An RPC naming an object and a parameter key (`AddObject`, `DeleteObject`).
protocol ObjectRequestRPC: CWMPRPC {
    var objectName: String { get }
    var parameterKey: String { get }
    init(objectName: String, parameterKey: String)
}

extension ObjectRequestRPC {
    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        self.init(objectName: d.token(e, "ObjectName"), parameterKey: d.string(e, "ParameterKey"))
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("ObjectName", objectName)
        w.field("ParameterKey", parameterKey)
    }
}

/// `AddObject`: `objectName` ends in `.`.
public struct AddObject: ObjectRequestRPC {
    public static let methodName = "AddObject"
    public var objectName: String
    public var parameterKey: String

    public init(objectName: String, parameterKey: String = "") {
        self.objectName = objectName
        self.parameterKey = parameterKey
    }

}

/// `AddObjectResponse`.
public struct AddObjectResponse: CWMPRPC {
    public static let methodName = "AddObjectResponse"
    public var instanceNumber: UInt32
    public var status: Int32

    public init(instanceNumber: UInt32, status: Int32) {
        self.instanceNumber = instanceNumber
        self.status = status
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        instanceNumber = d.instanceNumber(e)
        status = d.parsedInt(e, "Status", nonNegative: true, readsLast: true, citation: "lib/soap.ts:403-412, 417-423")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("InstanceNumber", instanceNumber)
        w.field("Status", status)
    }
}

/// `DeleteObject`.
public struct DeleteObject: ObjectRequestRPC {
    public static let methodName = "DeleteObject"
    public var objectName: String
    public var parameterKey: String

    public init(objectName: String, parameterKey: String = "") {
        self.objectName = objectName
        self.parameterKey = parameterKey
    }

}

/// `DeleteObjectResponse`.
public struct DeleteObjectResponse: CWMPRPC {
    public static let methodName = "DeleteObjectResponse"
    public var status: Int32

    public init(status: Int32) { self.status = status }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        status = d.parsedInt(e, "Status", nonNegative: true, readsLast: true, citation: "lib/soap.ts:443-457")
    }
    func writeXML(_ w: inout BodyWriter) { w.field("Status", status) }
}
