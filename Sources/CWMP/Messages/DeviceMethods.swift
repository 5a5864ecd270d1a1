/// `Reboot`.
public struct Reboot: CWMPRPC {
    public static let methodName = "Reboot"
    public var commandKey: String

    public init(commandKey: String = "") { self.commandKey = commandKey }

    init(xml e: XMLElement, _ d: inout BodyDecoder) { commandKey = d.string(e, "CommandKey") }
    func writeXML(_ w: inout BodyWriter) { w.field("CommandKey", commandKey) }
}

/// `RebootResponse`.
public struct RebootResponse: EmptyCWMPRPC {
    public static let methodName = "RebootResponse"
    public init() {}
}

/// `FactoryReset`.
public struct FactoryReset: EmptyCWMPRPC {
    public static let methodName = "FactoryReset"
    public init() {}
}

/// `FactoryResetResponse`.
public struct FactoryResetResponse: EmptyCWMPRPC {
    public static let methodName = "FactoryResetResponse"
    public init() {}
}

/// `ScheduleInform`: ask for an Inform after `delaySeconds`.
public struct ScheduleInform: CWMPRPC {
    public static let methodName = "ScheduleInform"
    public var delaySeconds: UInt32
    public var commandKey: String

    public init(delaySeconds: UInt32, commandKey: String = "") {
        self.delaySeconds = delaySeconds
        self.commandKey = commandKey
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        delaySeconds = d.unsigned(e, "DelaySeconds")
        commandKey = d.string(e, "CommandKey")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("DelaySeconds", delaySeconds)
        w.field("CommandKey", commandKey)
    }
}

/// `ScheduleInformResponse`.
public struct ScheduleInformResponse: EmptyCWMPRPC {
    public static let methodName = "ScheduleInformResponse"
    public init() {}
}

/// `SetVouchers`: base64-encoded signed vouchers.
public struct SetVouchers: CWMPRPC {
    public static let methodName = "SetVouchers"
    public var vouchers: [String]

    public init(vouchers: [String]) { self.vouchers = vouchers }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        vouchers = d.array(e, "VoucherList", itemType: "base64", itemName: "base64") { item, _ in item.trimmedText }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("VoucherList", itemType: "soap-enc:base64", vouchers) { item, w in w.xml.element("base64", item) }
    }
}

/// `SetVouchersResponse`.
public struct SetVouchersResponse: EmptyCWMPRPC {
    public static let methodName = "SetVouchersResponse"
    public init() {}
}

/// `GetOptions`: an option name, or empty for all.
public struct GetOptions: CWMPRPC {
    public static let methodName = "GetOptions"
    public var optionName: String

    public init(optionName: String) { self.optionName = optionName }

    init(xml e: XMLElement, _ d: inout BodyDecoder) { optionName = d.string(e, "OptionName") }
    func writeXML(_ w: inout BodyWriter) { w.field("OptionName", optionName) }
}

/// One `OptionStruct`.
public struct OptionStruct: Sendable, Hashable, Codable {
    public var optionName: String
    public var voucherSN: UInt32
    public var state: UInt32
    public var mode: Int32
    public var startDate: String
    public var expirationDate: String?
    public var isTransferable: Bool

    public init(
        optionName: String,
        voucherSN: UInt32,
        state: UInt32,
        mode: Int32,
        startDate: String,
        expirationDate: String?,
        isTransferable: Bool
    ) {
        self.optionName = optionName
        self.voucherSN = voucherSN
        self.state = state
        self.mode = mode
        self.startDate = startDate
        self.expirationDate = expirationDate
        self.isTransferable = isTransferable
    }
}

/// `GetOptionsResponse`.
public struct GetOptionsResponse: CWMPRPC {
    public static let methodName = "GetOptionsResponse"
    public var options: [OptionStruct]

    public init(options: [OptionStruct]) { self.options = options }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        options = d.array(e, "OptionList", itemType: "OptionStruct", itemName: "OptionStruct") { item, d in
            OptionStruct(
                optionName: d.string(item, "OptionName"),
                voucherSN: d.unsigned(item, "VoucherSN"),
                state: d.unsigned(item, "State"),
                mode: d.int(item, "Mode"),
                startDate: d.dateTime(item, "StartDate"),
                expirationDate: d.optionalToken(item, "ExpirationDate"),
                isTransferable: d.bool(item, "IsTransferable")
            )
        }
    }

    func writeXML(_ w: inout BodyWriter) {
        w.array("OptionList", itemType: "cwmp:OptionStruct", options) { item, w in
            w.structure("OptionStruct") { w in
                w.field("OptionName", item.optionName)
                w.field("VoucherSN", item.voucherSN)
                w.field("State", item.state)
                w.field("Mode", item.mode)
                w.field("StartDate", item.startDate)
                w.optionalField("ExpirationDate", item.expirationDate)
                w.field("IsTransferable", item.isTransferable)
            }
        }
    }
}

/// `Kicked` (CPE → ACS): a web-portal kick.
public struct Kicked: CWMPRPC {
    public static let methodName = "Kicked"
    public var command: String
    public var referer: String
    public var arg: String
    public var next: String

    public init(command: String, referer: String, arg: String, next: String) {
        self.command = command
        self.referer = referer
        self.arg = arg
        self.next = next
    }

    init(xml e: XMLElement, _ d: inout BodyDecoder) {
        command = d.string(e, "Command")
        referer = d.string(e, "Referer")
        arg = d.string(e, "Arg")
        next = d.string(e, "Next")
    }

    func writeXML(_ w: inout BodyWriter) {
        w.field("Command", command)
        w.field("Referer", referer)
        w.field("Arg", arg)
        w.field("Next", next)
    }
}

/// `KickedResponse`.
public struct KickedResponse: CWMPRPC {
    public static let methodName = "KickedResponse"
    public var nextURL: String

    public init(nextURL: String) { self.nextURL = nextURL }

    init(xml e: XMLElement, _ d: inout BodyDecoder) { nextURL = d.token(e, "NextURL") }
    func writeXML(_ w: inout BodyWriter) { w.field("NextURL", nextURL) }
}
