/// How the CPE behind an ONU is found in GenieACS, per ONU vendor (a rule file's `correlation:`).
///
/// A GPON/XGS-PON serial is four ASCII vendor letters and eight hex digits (`HWTC1A2B3C4D`; ITU-T
/// G.984.3 §9.2.4.1 `Serial_Number`). CPEs report it as their TR-069 `SerialNumber` either as the same
/// text (`gpon`) or with the vendor letters hex-encoded (`hex-vendor`: `485754431A2B3C4D`); some keep
/// it only in a vendor parameter (`parameter`). The NBI is asked for every form configured; one
/// device is a match, none is *unmatched* and two or more *ambiguous* — both reported, never guessed.
///
/// ```yaml
/// correlation:
///   serialNumber: [gpon, hex-vendor]      # the default for every vendor
///   vendors:
///     ALCL: {parameter: InternetGatewayDevice.DeviceInfo.X_ALU_OntSerialNumber}
///     ZTEG: {serialNumber: [hex-vendor]}
/// ```
public struct CorrelationSettings: Sendable, Hashable {
    /// One way the ONU serial may appear as the CPE's `DeviceID.SerialNumber`.
    public enum SerialForm: String, Sendable, Hashable, CaseIterable, Codable {
        /// The same text (`HWTC1A2B3C4D`).
        case gpon
        /// The vendor letters as eight hex digits, then the rest (`485754431A2B3C4D`), upper or lower case.
        case hexVendor = "hex-vendor"
    }

    /// The forms and parameter used for one vendor.
    public struct Strategy: Sendable, Hashable, Codable {
        /// Forms of `_deviceId._SerialNumber` to ask for.
        public var serialForms: [SerialForm]
        /// A parameter holding the PON serial as the same text (asked for too, when given).
        public var parameter: String?

        public init(serialForms: [SerialForm] = [.gpon, .hexVendor], parameter: String? = nil) {
            self.serialForms = serialForms
            self.parameter = parameter
        }
    }

    /// For vendors without their own entry.
    public var defaultStrategy: Strategy
    /// By vendor id (the four letters, upper case).
    public var vendors: [String: Strategy]
    /// Where it was written (nil: the built-in default).
    public var location: RuleLocation?

    public init(
        defaultStrategy: Strategy = Strategy(),
        vendors: [String: Strategy] = [:],
        location: RuleLocation? = nil
    ) {
        self.defaultStrategy = defaultStrategy
        self.vendors = vendors
        self.location = location
    }

    /// The strategy for a vendor id.
    public func strategy(forVendor vendor: String?) -> Strategy {
        vendor.flatMap { vendors[$0.uppercased()] } ?? defaultStrategy
    }
}
