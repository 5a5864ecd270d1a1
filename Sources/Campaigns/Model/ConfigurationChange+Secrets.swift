import Rules

extension ConfigurationChange {
    /// The names of the secrets (`${secret:NAME}`) the actions' values use, each once, in order of
    /// appearance: the runner checks they all have a value before its first push.
    public var secretNames: [String] {
        var names: [String] = []
        for value in actions.flatMap(Self.values) {
            for name in value.secrets where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Every value an action holds.
    private static func values(_ action: Action) -> [RuleValue] {
        switch action {
        case .set(_, let value, _, _): [value]
        case .ensure(_, let keys, let values, _): keys.map(\.1) + values.map(\.1)
        case .delete(_, let keys, _): keys.map(\.1)
        case .provision(_, let args, _): args
        case .block(let block, _): values(block)
        case .refresh, .tags, .download, .reboot, .factoryReset, .script: []
        }
    }

    private static func values(_ block: Block) -> [RuleValue] {
        switch block {
        case .periodicInform(let enabled, let interval): [enabled, interval].compactMap { $0 }
        case .connectionRequest(let username, let password): [username, password].compactMap { $0 }
        case .wifi(_, let ssid, let passphrase, let security, let channel, let enabled, _):
            [ssid, passphrase, security, channel, enabled].compactMap { $0 }
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            [enabled, minAddress, maxAddress, leaseTime].compactMap { $0 }
        case .wanPPP(let username, let password, let vlan): [username, password, vlan].compactMap { $0 }
        case .ntp(let servers): servers
        case .timeZone(let value): [value]
        }
    }
}
