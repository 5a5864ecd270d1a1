import ArgumentParser
import VOLTHA

/// What the enable/disable/reboot/delete commands share: find the device (id or serial), ask
/// before destructive actions, call VOLTHA, print one line.
struct VolthaDeviceAction {
    enum Verb: String {
        case enable, disable, reboot, delete

        var question: String {
            switch self {
            case .enable: "Enable"
            case .disable: "Disable"
            case .reboot: "Reboot"
            case .delete: "Delete"
            }
        }

        /// The command's one-line help.
        var abstract: String {
            switch self {
            case .enable: "Enable a device (EnableDevice): an OLT starts activating, an ONU unlocks its UNIs."
            case .disable: "Disable a device (DisableDevice); an OLT takes its ONUs down (asks first, or --yes)."
            case .reboot: "Reboot a device (RebootDevice); asks first for an OLT, or --yes."
            case .delete: "Delete a device (DeleteDevice); an OLT's ONUs go with it. Asks first, or --yes."
            }
        }
    }

    static func perform(_ verb: Verb, device key: String, yes: Bool, options: VolthaOptions) async throws {
        let configuration = try options.configuration()
        let target = try await reportingVolthaErrors {
            try await withVolthaClient(configuration) { try await $0.device(idOrSerial: key) }
        }
        // VOLTHA refuses to enable an enabled device unless it FAILED (voltha-go
        // `rw_core/core/device/agent.go:433-439`, FAILED_PRECONDITION), while a second disable is OK
        // (`agent.go:579-583`): an "ensure enabled" step succeeds here too, as disable's does.
        if verb == .enable, target.adminState == .enabled, target.operStatus != .failed {
            print(
                "\(target.isRoot ? "OLT" : "ONU") \(target.id) is already enabled (oper \(target.operStatus)): nothing to do"
            )
            return
        }
        let destructive = verb == .delete || (target.isRoot && verb != .enable)
        if destructive {
            let what =
                target.isRoot
                ? "OLT \(target.id) (serial \(target.serialNumber)) and all its ONUs"
                : "ONU \(target.id) (serial \(target.serialNumber))"
            try Confirmation.require("\(verb.question) \(what) at \(configuration.address)?", yes: yes)
        }
        try await reportingVolthaErrors {
            try await withVolthaClient(configuration) { client in
                switch verb {
                case .enable: try await client.enable(deviceID: target.id)
                case .disable: try await client.disable(deviceID: target.id)
                case .reboot: try await client.reboot(deviceID: target.id)
                case .delete: try await client.delete(deviceID: target.id)
                }
            }
        }
        let past = ["enable": "enabled", "disable": "disabled", "reboot": "reboot requested for", "delete": "deleted"]
        print("\(past[verb.rawValue] ?? verb.rawValue) \(target.isRoot ? "OLT" : "ONU") \(target.id)")
    }
}

/// The device a `ferrule voltha enable|disable|reboot|delete` command acts on.
struct VolthaDeviceTarget: ParsableArguments {
    @OptionGroup var voltha: VolthaOptions
    @Argument(help: "A VOLTHA device id or serial number.") var device: String
    @Flag(help: "Do not ask before a destructive action (required when not on a terminal).") var yes = false

    func validate() throws { try requireDeviceKey(device, "<device>") }

    func perform(_ verb: VolthaDeviceAction.Verb) async throws {
        try await VolthaDeviceAction.perform(verb, device: device, yes: yes, options: voltha)
    }
}

/// A `ferrule voltha enable|disable|reboot|delete ID` command: its name, help and run come from
/// its ``VolthaDeviceAction/Verb``.
protocol VolthaDeviceActionCommand: AsyncParsableCommand {
    static var verb: VolthaDeviceAction.Verb { get }
    var target: VolthaDeviceTarget { get }
}

extension VolthaDeviceActionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: verb.rawValue, abstract: verb.abstract)
    }

    func run() async throws { try await target.perform(Self.verb) }
}

/// `ferrule voltha enable ID`.
struct VolthaEnableCommand: VolthaDeviceActionCommand {
    static let verb = VolthaDeviceAction.Verb.enable
    @OptionGroup var target: VolthaDeviceTarget
}

/// `ferrule voltha disable ID`.
struct VolthaDisableCommand: VolthaDeviceActionCommand {
    static let verb = VolthaDeviceAction.Verb.disable
    @OptionGroup var target: VolthaDeviceTarget
}

/// `ferrule voltha reboot ID`.
struct VolthaRebootCommand: VolthaDeviceActionCommand {
    static let verb = VolthaDeviceAction.Verb.reboot
    @OptionGroup var target: VolthaDeviceTarget
}

/// `ferrule voltha delete ID`.
struct VolthaDeleteCommand: VolthaDeviceActionCommand {
    static let verb = VolthaDeviceAction.Verb.delete
    @OptionGroup var target: VolthaDeviceTarget
}
