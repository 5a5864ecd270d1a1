/// Everything that shapes a stand-in run: the simulated fleet, its CPEs' behaviour and the GenieACS settings the
/// stand-in reproduces. Every key is documented in `Tools/GenieACSStandIn/README.md`.
///
/// ```swift
/// var scenario = Scenario(devices: 1000, seed: 7)
/// scenario.onlineRatio = 0.9
/// scenario.faults["setParameterValues"] = .init(rate: 0.05, code: "cwmp.9002", message: "Internal error")
/// let server = try await StandInServer.start(scenario: scenario)
/// ```
public struct Scenario: Sendable {
    /// How many devices to register.
    public var devices: Int
    /// The parameter trees the devices are copies of; empty = the repository's `Fixtures/trees` when found, else
    /// the embedded TR-098 and TR-181 trees.
    public var fixtures: [FixtureSource]
    /// Serial numbers are `serialPrefix` + the device's six-digit zero-padded index (genieacs-sim, genieacs-sim@be391ca
    /// genieacs-sim:78).
    public var serialPrefix: String
    /// Seeds every random-looking but deterministic choice (online, credentials, faults, inform phase).
    public var seed: UInt64
    /// Share of devices that answer connection requests and inform periodically.
    public var onlineRatio: Double
    /// Share of the online devices whose connection request fails with bad credentials (GenieACS 1.2.16 lib/nbi.ts:382,
    /// 410-412; lib/connection-request.ts:99-169).
    public var badCredentialsRatio: Double
    /// CPE and NBI latencies.
    public var latencies: Latencies
    /// Periodic inform interval of every device, seconds; 0 = no periodic informs.
    public var informIntervalSeconds: Double
    /// `cwmp.retryDelay` (GenieACS 1.2.16 lib/cwmp.ts:406-430; lib/config.ts:62-84): fault retries wait `retryDelay ×
    /// 2^retries`.
    public var retryDelaySeconds: Double
    /// `cwmp.downloadTimeout` (GenieACS 1.2.16 lib/session.ts:428-437; lib/config.ts:62-84).
    public var downloadTimeoutSeconds: Double
    /// `cwmp.deviceOnlineThreshold` (GenieACS 1.2.16 lib/nbi.ts:258-420; lib/config.ts:62-84): the default `timeout` of
    /// `POST …/tasks?connection_request`.
    public var deviceOnlineThresholdMs: Int
    /// Per-task-kind (or per user-provision name) fault injection.
    public var faults: [String: FaultRule]
    /// What happens after a Download RPC was accepted (GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725).
    public var firmware: Firmware
    /// Drop the connection on a worker crash (GenieACS's behaviour, after ``Latencies/crashCloseMs``); false
    /// answers `500` with the error text at once.
    public var dropConnectionOnCrash: Bool
    /// The cap on request bodies (file uploads included), bytes.
    public var maxBodyBytes: Int

    public init(
        devices: Int = 10,
        fixtures: [FixtureSource] = [],
        serialPrefix: String = "",
        seed: UInt64 = 1,
        onlineRatio: Double = 1,
        badCredentialsRatio: Double = 0,
        latencies: Latencies = Latencies(),
        informIntervalSeconds: Double = 300,
        retryDelaySeconds: Double = 300,
        downloadTimeoutSeconds: Double = 3600,
        deviceOnlineThresholdMs: Int = 4000,
        faults: [String: FaultRule] = [:],
        firmware: Firmware = Firmware(),
        dropConnectionOnCrash: Bool = true,
        maxBodyBytes: Int = 64 << 20
    ) {
        self.devices = devices
        self.fixtures = fixtures
        self.serialPrefix = serialPrefix
        self.seed = seed
        self.onlineRatio = onlineRatio
        self.badCredentialsRatio = badCredentialsRatio
        self.latencies = latencies
        self.informIntervalSeconds = informIntervalSeconds
        self.retryDelaySeconds = retryDelaySeconds
        self.downloadTimeoutSeconds = downloadTimeoutSeconds
        self.deviceOnlineThresholdMs = deviceOnlineThresholdMs
        self.faults = faults
        self.firmware = firmware
        self.dropConnectionOnCrash = dropConnectionOnCrash
        self.maxBodyBytes = maxBodyBytes
    }

    /// A parameter tree to copy devices from, and its share of the fleet.
    public struct FixtureSource: Sendable, Hashable {
        public enum Tree: Sendable, Hashable {
            /// A GenieACS CSV (export or genieacs-sim model) or NBI device document (JSON).
            case file(String)
            /// The embedded TR-098 tree (a Huawei HG8245H, InternetGatewayDevice).
            case embeddedTR098
            /// The embedded TR-181 tree (a TP-Link EX220, Device).
            case embeddedTR181
        }

        public var tree: Tree
        /// Relative share of the devices (weights 3 and 1 give 75 % and 25 %).
        public var weight: Int

        public init(_ tree: Tree, weight: Int = 1) {
            self.tree = tree
            self.weight = weight
        }
    }

    /// CPE and NBI latencies, milliseconds.
    public struct Latencies: Sendable, Hashable {
        /// From an accepted connection request to the CPE's session start.
        public var crToSessionMs: Int
        /// From session start to session end (the device is "in session" meanwhile, GenieACS 1.2.16 lib/nbi.ts:439-444
        /// 503).
        public var sessionDurationMs: Int
        /// Added before every NBI response.
        public var responseDelayMs: Int
        /// How long a crashed worker keeps the request's connection open, without answering, before it closes.
        /// GenieACS 1.2.16: the uncaught exception stops the server (bin/genieacs-nbi.ts:75-83), which waits
        /// 20 s for connections to end, then 1 s more (lib/server.ts:12-35, 147-154), before the worker exits.
        public var crashCloseMs: Int

        public init(
            crToSessionMs: Int = 50,
            sessionDurationMs: Int = 100,
            responseDelayMs: Int = 0,
            crashCloseMs: Int = 21_000
        ) {
            self.crToSessionMs = crToSessionMs
            self.sessionDurationMs = sessionDurationMs
            self.responseDelayMs = responseDelayMs
            self.crashCloseMs = crashCloseMs
        }
    }

    /// A fault injected into a share of the task executions (GenieACS 1.2.16 lib/cwmp.ts:243-296).
    public struct FaultRule: Sendable, Hashable {
        /// Share of executions (first runs and retries alike) that fault, 0…1.
        public var rate: Double
        /// The fault code, verbatim (`cwmp.9002`, `script.TypeError`, `timeout` …).
        public var code: String
        public var message: String

        public init(rate: Double, code: String = "cwmp.9002", message: String = "Internal error") {
            self.rate = rate
            self.code = code
            self.message = message
        }
    }

    /// The second phase of downloads (GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725): what the CPE
    /// reports after accepting the Download RPC.
    public struct Firmware: Sendable, Hashable {
        /// Share of downloads that end with a successful TransferComplete.
        public var successRate: Double
        /// Share of downloads that never send TransferComplete (fault `timeout` after `downloadTimeoutSeconds`).
        public var timeoutRate: Double
        /// The CPE fault code of a failed TransferComplete (recorded as `cwmp.<code>`).
        public var faultCode: String
        public var faultMessage: String
        /// From the accepted Download to the CPE's TransferComplete session.
        public var delayMs: Int
        /// The SoftwareVersion a firmware image installs, by file name (else the uploaded file's
        /// `metadata.version`).
        public var versions: [String: String]

        public init(
            successRate: Double = 1,
            timeoutRate: Double = 0,
            faultCode: String = "9010",
            faultMessage: String = "Download failure",
            delayMs: Int = 200,
            versions: [String: String] = [:]
        ) {
            self.successRate = successRate
            self.timeoutRate = timeoutRate
            self.faultCode = faultCode
            self.faultMessage = faultMessage
            self.delayMs = delayMs
            self.versions = versions
        }
    }
}
