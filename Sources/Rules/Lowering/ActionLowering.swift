/// Lowers a rule (variables substituted) to ``LoweredProvision``: the one place that decides what
/// each action and block declares on TR-181 and TR-098 devices.
enum ActionLowering {
    /// The largest time JavaScript's Date holds (8.64e15 ms): no session reaches it.
    static let never = 8_640_000_000_000_000

    /// The alias key of the TR-181 NTP client Ferrule keeps (`Device.Time.Client.[Alias:…]`).
    static let ntpClientAlias = "cpe-ferrule-ntp"
    /// The TR-181 NTP client table (TR-181 2.16 and later).
    static let ntpClientTable = "Device.Time.Client."

    /// Paths a block writes only on devices of a model version before the object that replaced
    /// them (`Device.Time.NTPServer1…5` where there is no `Device.Time.Client.`): deprecated in the
    /// current model by design, so lint does not warn about them.
    static let legacyFallbackPaths: Set<String> = Set((1...5).map { "Device.Time.NTPServer\($0)" })

    static func lower(_ rule: Rule) -> LoweredProvision {
        var usesRoot = !rule.match.softwareVersion.isEmpty
        var steps: [ProvisionStep] = []
        // Consecutive actions on one data-model root's paths share one `forRoot` step.
        var rooted: (root: DataModelRoot, steps: [ProvisionStep])?
        func flush() {
            if let group = rooted { steps.append(.forRoot(group.root, group.steps)) }
            rooted = nil
        }
        for action in rule.actions {
            if case .block = action { usesRoot = true }
            guard let root = root(of: action) else {
                flush()
                steps += lower(action)
                continue
            }
            usesRoot = true
            if rooted?.root != root { flush() }
            rooted = (root, (rooted?.steps ?? []) + lower(action))
        }
        flush()
        return LoweredProvision(versionGate: rule.match.softwareVersion, usesRoot: usesRoot, steps: steps)
    }

    /// The data-model root an action's own path names (`set`, `refresh`, `ensure`, `delete`).
    static func root(of action: Action) -> DataModelRoot? {
        switch action {
        case .set(let path, _, _, _), .refresh(let path, _, _): DataModelRoot(path: path)
        case .ensure(let table, _, _, _), .delete(let table, _, _): DataModelRoot(path: table)
        default: nil
        }
    }

    static func lower(_ action: Action) -> [ProvisionStep] {
        switch action {
        case .set(let path, let value, let type, _):
            return [.declare(set(.absolute(path), value, type.map(LoweredType.xsd) ?? .device))]
        case .refresh(let path, let every, _):
            return [.refresh(path: path, everySeconds: every)]
        case .ensure(let table, let keys, let values, _):
            return [
                .ensureInstance(
                    EnsureInstance(
                        table: table,
                        keys: keys.map { ($0.0, .template($0.1)) },
                        body: values.map { set(.under(.instance, $0.0), $0.1, .device) },
                        spelledOut: false
                    )
                )
            ]
        case .delete(let table, let keys, _):
            return [.deleteInstances(table: table, keys: keys.map { ($0.0, .template($0.1)) })]
        case .tags(let add, let remove, _):
            return add.map { tag(.absolute("Tags." + $0), true) } + remove.map { tag(.absolute("Tags." + $0), false) }
        case .download(let file, let fileType, let target, let retry, _):
            // As GenieACS's built-in download provision (lib/default-provisions.ts), but re-triggered
            // at most once per `retryEvery` while the rule keeps matching (not on every session).
            let body = LoweredDeclaration(
                path: .under(.instance, "Download"),
                value: .spreadTime(milliseconds: retry * 1000),
                type: .bare
            )
            return [
                .ensureInstance(
                    EnsureInstance(
                        table: "Downloads.",
                        keys: [
                            ("FileType", .text(fileType)), ("FileName", .text(file)),
                            ("TargetFileName", .text(target ?? "")),
                        ],
                        body: [body],
                        spelledOut: true
                    )
                )
            ]
        case .reboot(let since, _):
            // Without `since` the compiler refuses the rule; were it compiled anyway, a time no
            // session reaches: never sent.
            // A fixed time, not `Date.now()`: GenieACS reboots when the device's stored `Reboot`
            // time is earlier than the declared one and stores the session time after the reboot
            // (lib/session.ts:1929-1936, 2786-2795 at v1.2.16), so each device reboots once per `since`.
            return [
                .declare(
                    LoweredDeclaration(
                        path: .absolute("Reboot"),
                        value: .fixedTime(milliseconds: since ?? Self.never),
                        type: .bare,
                        fetchesValue: false
                    )
                )
            ]
        case .factoryReset(let since, _):
            return [
                .declare(
                    LoweredDeclaration(
                        path: .absolute("FactoryReset"),
                        value: .fixedTime(milliseconds: since ?? Self.never),
                        type: .bare,
                        fetchesValue: false
                    )
                )
            ]
        case .provision(let name, _, _):
            return [.provisionCall(name: name)]
        case .script(let text, _):
            return [.script(text)]
        case .block(let block, _):
            return lower(block)
        }
    }

    private static func set(_ path: LoweredPath, _ value: RuleValue, _ type: LoweredType) -> LoweredDeclaration {
        LoweredDeclaration(path: path, value: .template(value), type: type)
    }

    private static func tag(_ path: LoweredPath, _ value: Bool) -> ProvisionStep {
        .declare(LoweredDeclaration(path: path, value: .boolean(value), type: .bare))
    }

    /// `path = value` typed `type`, when the block field was given.
    private static func field(_ path: LoweredPath, _ value: RuleValue?, _ type: String) -> [ProvisionStep] {
        value.map { [.declare(set(path, $0, .xsd(type)))] } ?? []
    }

    private static func fixed(_ path: String, _ text: String) -> ProvisionStep {
        .declare(LoweredDeclaration(path: .absolute(path), value: .text(text), type: .xsd("xsd:string")))
    }

    // MARK: - Blocks

    static func lower(_ block: Block) -> [ProvisionStep] {
        switch block {
        case .periodicInform(let enabled, let interval):
            return field(.underRoot("ManagementServer.PeriodicInformEnable"), enabled, "xsd:boolean")
                + field(.underRoot("ManagementServer.PeriodicInformInterval"), interval, "xsd:unsignedInt")
        case .connectionRequest(let username, let password):
            return field(.underRoot("ManagementServer.ConnectionRequestUsername"), username, "xsd:string")
                + field(.underRoot("ManagementServer.ConnectionRequestPassword"), password, "xsd:string")
        case .ntp(let servers):
            // TR-181 2.16 added Time.Client.{i} (its Servers a list) and deprecated NTPServer1…5
            // (tr-181-2-17-0-cwmp-full.xml:7947-8055); devices on an earlier 2.x have only those.
            let client = EnsureInstance(
                table: ntpClientTable,
                keys: [("Alias", .text(ntpClientAlias))],
                body: [
                    LoweredDeclaration(
                        path: .under(.instance, "Servers"),
                        value: .list(servers, separator: ","),
                        type: .xsd("xsd:string")
                    )
                ],
                spelledOut: true
            )
            func numbered(_ root: String) -> [ProvisionStep] {
                servers.enumerated().flatMap { i, server in
                    field(.absolute("\(root).Time.NTPServer\(i + 1)"), server, "xsd:string")
                }
            }
            return [
                .byRoot(
                    tr181: [
                        .ifObjectExists(ntpClientTable, then: [.ensureInstance(client)], otherwise: numbered("Device"))
                    ],
                    tr098: numbered("InternetGatewayDevice")
                )
            ]
        case .timeZone(let value):
            // TR-098's LocalTimeZone (an offset) is obsolete; LocalTimeZoneName takes the TZ string.
            return [
                .byRoot(
                    tr181: field(.absolute("Device.Time.LocalTimeZone"), value, "xsd:string"),
                    tr098: field(.absolute("InternetGatewayDevice.Time.LocalTimeZoneName"), value, "xsd:string")
                )
            ]
        case .lanDHCP(let enabled, let minAddress, let maxAddress, let leaseTime):
            let pool = "Device.DHCPv4.Server.Pool.1."
            let lan = "InternetGatewayDevice.LANDevice.1.LANHostConfigManagement."
            return [
                .byRoot(
                    tr181: field(.absolute(pool + "Enable"), enabled, "xsd:boolean")
                        + field(.absolute(pool + "MinAddress"), minAddress, "xsd:string")
                        + field(.absolute(pool + "MaxAddress"), maxAddress, "xsd:string")
                        + field(.absolute(pool + "LeaseTime"), leaseTime, "xsd:int"),
                    tr098: field(.absolute(lan + "DHCPServerEnable"), enabled, "xsd:boolean")
                        + field(.absolute(lan + "MinAddress"), minAddress, "xsd:string")
                        + field(.absolute(lan + "MaxAddress"), maxAddress, "xsd:string")
                        + field(.absolute(lan + "DHCPLeaseTime"), leaseTime, "xsd:int")
                )
            ]
        case .wanPPP(let username, let password, let vlan):
            let ppp = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1."
            return [
                .byRoot(
                    tr181: field(.absolute("Device.PPP.Interface.1.Username"), username, "xsd:string")
                        + field(.absolute("Device.PPP.Interface.1.Password"), password, "xsd:string")
                        + field(.absolute("Device.Ethernet.VLANTermination.1.VLANID"), vlan, "xsd:unsignedInt"),
                    tr098: field(.absolute(ppp + "Username"), username, "xsd:string")
                        + field(.absolute(ppp + "Password"), password, "xsd:string")
                        + (vlan == nil
                            ? [] : [.log([.text("ferrule: TR-098 has no standard WAN VLAN parameter; VLAN not set")])])
                )
            ]
        case .wifi(let band, let ssid, let passphrase, let security, let channel, let enabled, let instance):
            let values = WiFiValues(
                ssid: ssid,
                passphrase: passphrase,
                security: security,
                channel: channel,
                enabled: enabled
            )
            return [.byRoot(tr181: wifiTR181(band, values), tr098: wifiTR098(instance, values))]
        }
    }

    /// What a `wifi` block sets; nil leaves the parameter alone.
    private struct WiFiValues {
        var ssid: RuleValue?
        var passphrase: RuleValue?
        var security: RuleValue?
        var channel: RuleValue?
        var enabled: RuleValue?
    }

    /// The Radio with the band, its SSID (by `LowerLayers`) and AccessPoint (by `SSIDReference`).
    private static func wifiTR181(_ band: String, _ values: WiFiValues) -> [ProvisionStep] {
        let accessPoint = linked(
            .accessPoint,
            in: "Device.WiFi.AccessPoint.",
            by: "SSIDReference",
            to: .ssidObject,
            body: field(.under(.accessPoint, "Security.KeyPassphrase"), values.passphrase, "xsd:string")
                + field(.under(.accessPoint, "Security.ModeEnabled"), values.security, "xsd:string")
        )
        let ssidObject = linked(
            .ssidObject,
            in: "Device.WiFi.SSID.",
            by: "LowerLayers",
            to: .radio,
            body: field(.under(.ssidObject, "SSID"), values.ssid, "xsd:string")
                + field(.under(.ssidObject, "Enable"), values.enabled, "xsd:boolean") + [accessPoint]
        )
        return [
            .lookup(
                Lookup(
                    binding: .radio,
                    table: "Device.WiFi.Radio.",
                    key: "OperatingFrequencyBand",
                    equals: .text(band),
                    fetchesValue: true
                ),
                body: [ssidObject] + channelSteps({ .under(.radio, $0) }, values.channel)
            )
        ]
    }

    /// The object of `table` whose `key` holds the path of the object bound as `parent` (TR-181 links
    /// objects by path), bound as `binding` for `body`.
    private static func linked(
        _ binding: Binding,
        in table: String,
        by key: String,
        to parent: Binding,
        body: [ProvisionStep]
    ) -> ProvisionStep {
        .lookup(
            Lookup(binding: binding, table: table, key: key, equals: .pathOf(parent), fetchesValue: false),
            body: body
        )
    }

    /// `LANDevice.1.WLANConfiguration.<instance>`; security through BeaconType and the 11i fields.
    private static func wifiTR098(_ instance: Int, _ values: WiFiValues) -> [ProvisionStep] {
        let w = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.\(instance)."
        var steps =
            field(.absolute(w + "SSID"), values.ssid, "xsd:string")
            + field(.absolute(w + "Enable"), values.enabled, "xsd:boolean")
            + field(.absolute(w + "KeyPassphrase"), values.passphrase, "xsd:string")
        if let security = values.security {
            steps.append(
                .choose(
                    .template(security),
                    cases: [
                        ("None", [fixed(w + "BeaconType", "Basic"), fixed(w + "BasicEncryptionModes", "None")]),
                        (
                            "WPA2-Personal",
                            [
                                fixed(w + "BeaconType", "11i"),
                                fixed(w + "IEEE11iAuthenticationMode", "PSKAuthentication"),
                                fixed(w + "IEEE11iEncryptionModes", "AESEncryption"),
                            ]
                        ),
                        (
                            "WPA-WPA2-Personal",
                            [
                                fixed(w + "BeaconType", "WPAand11i"),
                                fixed(w + "IEEE11iAuthenticationMode", "PSKAuthentication"),
                                fixed(w + "WPAAuthenticationMode", "PSKAuthentication"),
                            ]
                        ),
                    ],
                    otherwise: [
                        .log([
                            .text("ferrule: security mode "), .chosen,
                            .text(" has no TR-098 equivalent; left unchanged"),
                        ])
                    ]
                )
            )
        }
        return steps + channelSteps({ .absolute(w + $0) }, values.channel)
    }

    /// `auto` turns automatic channel selection on; a number sets that channel.
    private static func channelSteps(_ path: (String) -> LoweredPath, _ channel: RuleValue?) -> [ProvisionStep] {
        guard let channel else { return [] }
        let auto = LoweredDeclaration(
            path: path("AutoChannelEnable"),
            value: .boolean(channel.literal == "auto"),
            type: .xsd("xsd:boolean")
        )
        if channel.literal == "auto" { return [.declare(auto)] }
        return [.declare(auto), .declare(set(path("Channel"), channel, .xsd("xsd:unsignedInt")))]
    }
}
