import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import Rules
import Testing

@testable import Campaigns

private let campaignFixtures = Repository.url("Fixtures/campaigns")

private func parse(_ text: String, variables: VariableSet = VariableSet()) -> (CampaignSpec?, DiagnosticCollector) {
    var diagnostics = DiagnosticCollector()
    let spec = CampaignFile.parse(text, file: "c.yaml", variables: variables, diagnostics: &diagnostics)
    return (spec, diagnostics)
}

private func ms(_ text: String) throws -> Double {
    try Date(text, strategy: Date.ISO8601FormatStyle()).timeIntervalSince1970 * 1000
}

/// A valid firmware campaign; cases replace one part of it.
private let header = "name: t\nfirmware: {file: f.bin, target_version: V2}\n"

/// One schema error: the file, and the diagnostic it must produce.
struct SchemaErrorCase: CustomTestStringConvertible, Sendable {
    var text: String
    var code: String
    var line: Int
    var column: Int
    /// A part of the message.
    var message: String
    /// A part of the hint, if it matters.
    var hint: String?

    init(_ text: String, _ code: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil) {
        self.text = text
        self.code = code
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    var testDescription: String { "\(code): \(message)" }
}

private let fileCases: [SchemaErrorCase] = [
    .init("name: [unclosed\n", "yaml", 2, 1, "not valid YAML"),
    .init("", "empty", 1, 1, "the campaign file is empty"),
    .init("- a\n- b\n", "wrong-type", 1, 1, "expected a campaign file as a mapping"),
    .init("name: a\nname: b\n", "duplicate-key", 2, 1, "duplicated key(s) name"),
    .init(
        header + "devices: {all: true}\nnmae: x\n",
        "unknown-key",
        4,
        1,
        "unknown key \"nmae\"",
        hint: "did you mean \"name\"?"
    ),
    .init(
        header + "devices: {all: true}\ndevice_filter: {}\n",
        "unknown-key",
        4,
        1,
        "unknown key \"device_filter\"",
        hint: "write the filter under `devices:`"
    ),
    .init(
        header + "devices: {all: true}\nmax_concurrent: 5\n",
        "unknown-key",
        4,
        1,
        "unknown key \"max_concurrent\"",
        hint: "belongs under `rollout:`"
    ),
    .init(
        "firmware: {file: f.bin, target_version: V2}\ndevices: {all: true}\n",
        "missing-field",
        1,
        1,
        "needs a `name`"
    ),
    .init("name: fw 2026\nfirmware: {file: f, target_version: V}\ndevices: {all: true}\n", "bad-name", 1, 7, "fw 2026"),
    .init("name: t\ndevices: {all: true}\n", "missing-change", 1, 1, "needs `firmware:` or `configuration:`"),
    .init(
        header + "configuration: [{set: {path: Device.X.Y, value: 1}}]\ndevices: {all: true}\n",
        "conflicting-change",
        3,
        1,
        "exactly one of `firmware` and `configuration`"
    ),
    .init(header, "missing-field", 1, 1, "needs `devices:`", hint: "`devices: {all: true}` targets every device"),
]

private let firmwareCases: [SchemaErrorCase] = [
    .init(
        "name: t\nfirmware: {file: f.bin}\ndevices: {all: true}\n",
        "missing-field",
        2,
        11,
        "`firmware` needs `target_version`"
    ),
    .init(
        "name: t\nfirmware: {file: f.bin, target_version: V2, file_type: firmware}\ndevices: {all: true}\n",
        "bad-file-type",
        2,
        56,
        "\"firmware\" is not a TR-069 Download file type"
    ),
    .init(
        "name: t\nfirmware: {file: \"\", target_version: V2}\ndevices: {all: true}\n",
        "bad-value",
        2,
        18,
        "is empty"
    ),
    .init(
        "name: t\nfirmware: {file: f.bin, target: V2}\ndevices: {all: true}\n",
        "unknown-key",
        2,
        25,
        "unknown key \"target\"",
        hint: "did you mean \"target_version\"?"
    ),
    .init(
        "name: t\nfirmware: {file: f.bin, target_version: \"${fw}\"}\ndevices: {all: true}\n",
        "unknown-variable",
        2,
        41,
        "variable \"fw\" is not defined"
    ),
]

private let configuration = "name: t\ndevices: {all: true}\nconfiguration:\n"

private let configurationCases: [SchemaErrorCase] = [
    .init(
        configuration + "  set: {path: Device.X, value: 1}\n",
        "wrong-type",
        4,
        3,
        "expected `configuration` as a list"
    ),
    .init(
        configuration + "  - download: {file: fw.bin}\n",
        "refused-action",
        4,
        5,
        "`download` is not a configuration action",
        hint: "firmware campaign"
    ),
    .init(
        configuration + "  - reboot\n",
        "refused-action",
        4,
        5,
        "reboots and factory resets are not configuration changes"
    ),
    .init(
        configuration + "  - script: |\n      log(1);\n",
        "refused-action",
        4,
        5,
        "cannot be verified or rolled back"
    ),
    .init(
        configuration + "  - ensure: {table: Device.WiFi.SSID., keys: {Alias: a}}\n",
        "refused-action",
        4,
        5,
        "add or remove table instances"
    ),
    .init(
        configuration + "  - refresh: {path: Device.DeviceInfo.}\n",
        "refused-action",
        4,
        5,
        "`refresh` is not needed"
    ),
    .init(configuration + "  - tag: {add: [x]}\n", "refused-action", 4, 5, "`tag` does not set a device value"),
    .init(configuration + "  - provision: {name: p}\n", "refused-action", 4, 5, "`script` and `provision`"),
    .init(configuration + "  []\n", "empty-configuration", 4, 3, "`configuration` has no actions"),
    .init(
        configuration + "  - wfi: {band: 2.4GHz}\n",
        "unknown-action",
        4,
        5,
        "unknown action \"wfi\"",
        hint: "did you mean \"wifi\"?"
    ),
    // A secret pushed where every device read shows it: the SSID, a user name, a plain `set`,
    // also as `$${` literal text (which the push resolves just the same).
    .init(
        configuration + "  - wifi: {band: 2.4GHz, ssid: \"${secret:WIFIKEY}\"}\n",
        "secret-in-shown-value",
        4,
        32,
        "a secret in wifi.ssid, whose value every device read shows unmasked"
    ),
    .init(
        configuration + "  - wan: {username: \"u-$${secret:PPP}\"}\n",
        "secret-in-shown-value",
        4,
        21,
        "a secret in wan.username"
    ),
    .init(
        configuration + "  - set: {path: Device.DeviceInfo.ProvisioningCode, value: \"${secret:K}\"}\n",
        "secret-in-shown-value",
        4,
        60,
        "a secret in Device.DeviceInfo.ProvisioningCode"
    ),
    // The device's own passphrase copied into a shown parameter is read back in clear just the same.
    .init(
        configuration
            + "  - set: {path: Device.DeviceInfo.ProvisioningCode, value: "
            + "\"${param:Device.WiFi.AccessPoint.1.Security.KeyPassphrase}\"}\n",
        "secret-in-shown-value",
        4,
        60,
        "a secret in Device.DeviceInfo.ProvisioningCode"
    ),
    .init(
        configuration + "  - wifi: {band: 2.4GHz, ssid: \"x-$${param:Device.PPP.Interface.1.Password}\"}\n",
        "secret-in-shown-value",
        4,
        32,
        "a secret in wifi.ssid"
    ),
    .init(
        configuration + "  - set: {path: Device.X.Y, value: \"${prefix}-1\"}\n",
        "unknown-variable",
        4,
        36,
        "variable \"prefix\" is not defined"
    ),
]

private let devices = header + "devices:\n"

private let deviceCases: [SchemaErrorCase] = [
    .init(
        devices + "  manufacturr: Huawei\n",
        "unknown-field",
        4,
        3,
        "unknown field \"manufacturr\"",
        hint: "did you mean \"manufacturer\"?"
    ),
    .init(devices + "  _registered: {$gt: \"2024\"}\n", "unknown-field", 4, 3, "\"_registered\"", hint: "query:"),
    .init(devices + "  $or: []\n", "unknown-field", 4, 3, "`$or` cannot stand among the fields"),
    .init(devices + "  Tags.beta: true\n", "bad-path", 4, 3, "GenieACS expression name", hint: "write `tags: beta`"),
    .init(
        devices + "  Devce.WiFi.Radio.1.Channel: 6\n",
        "bad-path",
        4,
        3,
        "does not start with a data-model root",
        hint: "did you mean \"Device\"?"
    ),
    .init(devices + "  Device.WiFi..Channel: 6\n", "bad-path", 4, 3, "is not a parameter path"),
    .init(
        devices + "  model: {$inn: [a]}\n",
        "unknown-operator",
        4,
        11,
        "unknown operator \"$inn\"",
        hint: "did you mean \"$in\"?"
    ),
    .init(
        devices + "  software_version: {lt: V5}\n",
        "unknown-operator",
        4,
        22,
        "unknown operator \"lt\"",
        hint: "write `$lt`"
    ),
    .init(devices + "  tags: {$lt: x}\n", "bad-operator", 4, 10, "`$lt` does not apply to `tags`"),
    .init(devices + "  model: {$all: [a]}\n", "bad-operator", 4, 11, "`$all` does not apply to `model`"),
    .init(devices + "  last_inform: \"2026-01-01T00:00Z\"\n", "bad-operator", 4, 16, "`last_inform` needs an operator"),
    .init(devices + "  model: [EG8145V5, HG8245H]\n", "wrong-type", 4, 10, "a list is ambiguous", hint: "{$in: […]}"),
    .init(devices + "  model: {$in: []}\n", "bad-value", 4, 16, "`$in` needs at least one value"),
    .init(devices + "  model: {$in: EG8145V5}\n", "wrong-type", 4, 16, "expected `$in` (a list of values)"),
    .init(devices + "  serial: ~\n", "bad-value", 4, 11, "cannot be compared with null", hint: "$exists: false"),
    .init(devices + "  oui: 00E0F\n", "bad-oui", 4, 8, "OUI \"00E0F\" is not six hex digits"),
    .init(
        devices + "  last_inform: {$gt: \"2026-01-01T00:00\"}\n",
        "bad-time",
        4,
        22,
        "is not an ISO 8601 time with a zone"
    ),
    .init(devices + "  serial: {$regex: \"^(48\"}\n", "bad-regex", 4, 20, "is not a valid regular expression"),
    .init(devices + "  serial: {$exists: maybe}\n", "wrong-type", 4, 21, "expected `$exists` as true or false"),
    .init(devices + "  serial: \"${secret:S}\"\n", "bad-template", 4, 11, "resolved per device"),
    .init(devices + "  serial: \"${batch}\"\n", "unknown-variable", 4, 11, "variable \"batch\" is not defined"),
    .init(devices + "  {}\n", "empty-filter", 4, 3, "would target every device", hint: "`all: true`"),
    .init(devices + "  all: true\n  model: EG8145V5\n", "conflicting-filter", 4, 3, "`all: true` cannot be combined"),
    .init(devices + "  all: false\n", "bad-value", 4, 8, "`all: false` means nothing"),
    .init(
        devices + "  model: X\n  tolerance: 5\n",
        "tolerance-without-count",
        5,
        3,
        "`expected_count`, which is missing"
    ),
    .init(
        devices + "  model: X\n  expected_count: 0\n",
        "out-of-range",
        5,
        19,
        "`expected_count` must be between 1 and 100000000"
    ),
    .init(
        devices + "  model: X\n  expected_count: 10\n  tolerance: lots\n",
        "wrong-type",
        6,
        14,
        "expected `tolerance` as a number of devices"
    ),
    .init(
        devices + "  model: X\n  expected_count: 10\n  tolerance: \"120%\"\n",
        "out-of-range",
        6,
        14,
        "between 0% and 100%"
    ),
    .init(devices + "  model: X\n  model: Y\n", "duplicate-key", 5, 3, "duplicated key(s) model"),
    .init(devices + "  query: \"{not json\"\n", "bad-query", 4, 10, "`query` is not valid JSON"),
    .init(devices + "  query: [1]\n", "bad-query", 4, 10, "must be a query object"),
    .init(
        devices + "  query: {manufacturer: Huawei}\n",
        "query-field",
        4,
        11,
        "\"manufacturer\" is not a GenieACS device field",
        hint: "`_deviceId._Manufacturer`"
    ),
    .init(
        devices + "  query:\n    $and:\n      - {\"_tags\": {$ne: lab, $exists: true}}\n",
        "query-ne-mixed",
        6,
        10,
        "stops the GenieACS NBI worker",
        hint: "split it"
    ),
    .init(
        devices + "  query: {$where: \"1\"}\n",
        "query-operator",
        4,
        11,
        "`$where` cannot stand where a field is expected"
    ),
    .init(devices + "  query: {$or: []}\n", "query-operator", 4, 11, "`$or` takes a non-empty list"),
    .init(
        devices + "  query: {InternetGatewayDevice.DeviceInfo.SoftwareVersion: {$lt: V3}}\n",
        "version-as-string",
        4,
        11,
        "misorders versions",
        hint: "software_version"
    ),
    .init(
        devices + "  query: {_deviceId._ProductClass: \"(HG8*)\"}\n",
        "query-wildcard",
        4,
        11,
        "does not compile and stops its NBI worker"
    ),
]

private let rollout = header + "devices: {all: true}\nrollout:\n"

private let rolloutCases: [SchemaErrorCase] = [
    .init(
        rollout + "  max_concurrent: 0\n",
        "out-of-range",
        5,
        19,
        "`max_concurrent` must be between 1 and 10000, not 0"
    ),
    .init(rollout + "  max_concurrent: 10001\n", "out-of-range", 5, 19, "not 10001"),
    .init(rollout + "  max_concurrent: many\n", "wrong-type", 5, 19, "expected `max_concurrent` as a whole number"),
    .init(rollout + "  rate_per_minute: 0\n", "out-of-range", 5, 20, "`rate_per_minute` must be between 1"),
    .init(rollout + "  retries: 11\n", "out-of-range", 5, 12, "`retries` must be between 0 and 10"),
    .init(rollout + "  min_sample: 0\n", "out-of-range", 5, 15, "`min_sample` must be between 1"),
    .init(rollout + "  max_failure_rate: 5\n", "out-of-range", 5, 21, "a fraction from 0 to 1", hint: "`5%` or `0.05`"),
    .init(rollout + "  max_failure_rate: five%\n", "bad-percent", 5, 21, "is not a percentage"),
    .init(rollout + "  retry_backoff: 10 minutes\n", "bad-duration", 5, 18, "is not a duration"),
    .init(rollout + "  retry_backoff: 2d\n", "out-of-range", 5, 18, "between 1s and 1d, not 2d"),
    .init(rollout + "  device_deadline: 5s\n", "out-of-range", 5, 20, "between 1m and 30d"),
    .init(rollout + "  device_deadline: 59\n", "out-of-range", 5, 20, "between 1m and 30d"),
    .init(rollout + "  connection_request: sometimes\n", "wrong-type", 5, 23, "true or false"),
    .init(rollout + "  maxConcurrent: 5\n  max_concurrent: 6\n", "duplicate-key", 6, 3, "repeats `maxConcurrent`"),
    .init(
        rollout + "  max_concurent: 5\n",
        "unknown-key",
        5,
        3,
        "unknown key \"max_concurent\"",
        hint: "did you mean \"max_concurrent\"?"
    ),
    .init(rollout + "  waves: []\n", "bad-wave", 5, 10, "`waves` is empty"),
    .init(rollout + "  waves: [50, 0.5]\n", "bad-wave", 5, 15, "a wave size is a number of devices"),
    .init(rollout + "  waves: [50, {canary: 5}]\n", "bad-wave", 5, 16, "only the first wave is the canary"),
    .init(rollout + "  waves: [{first: 5}]\n", "bad-wave", 5, 11, "a wave is a size"),
    .init(rollout + "  waves: [0]\n", "out-of-range", 5, 11, "a wave holds 1 to 100000000 devices"),
    .init(rollout + "  waves: [\"0%\"]\n", "bad-wave", 5, 11, "a wave of 0% holds no device"),
    .init(
        rollout + "  timezone: Europe/Berlinn\n",
        "unknown-timezone",
        5,
        13,
        "is not an IANA time zone",
        hint: "did you mean \"Europe/Berlin\"?"
    ),
    .init(rollout + "  scheduled_at: \"2026-12-01T02:00\"\n", "missing-timezone", 5, 17, "has no `timezone`"),
    .init(rollout + "  scheduled_at: tomorrow\n", "bad-time", 5, 17, "is not a date and time"),
    .init(rollout + "  scheduled_at: \"2026-02-30T02:00Z\"\n", "bad-time", 5, 17, "is not a date and time"),
    .init(
        rollout + "  timezone: Europe/Berlin\n  scheduled_at: \"2026-03-29T02:30\"\n",
        "nonexistent-time",
        6,
        17,
        "does not exist in Europe/Berlin"
    ),
    .init(
        rollout + "  windows: [{start: \"01:00\", end: \"05:00\"}]\n",
        "missing-timezone",
        5,
        13,
        "this window has no `timezone`"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{start: \"25:00\", end: \"05:00\"}]\n",
        "bad-clock",
        6,
        21,
        "\"25:00\" is not a time of day"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{start: \"1:5\", end: \"05:00\"}]\n",
        "bad-clock",
        6,
        21,
        "\"1:5\" is not a time of day"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{start: \"24:00\", end: \"05:00\"}]\n",
        "bad-clock",
        6,
        21,
        "\"24:00\""
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{start: \"01:00\", end: \"01:00\"}]\n",
        "bad-window",
        6,
        13,
        "starts and ends at the same time"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{start: \"01:00\"}]\n",
        "missing-field",
        6,
        13,
        "a window needs `end`"
    ),
    .init(rollout + "  timezone: UTC\n  windows: []\n", "bad-window", 6, 12, "`windows` is empty"),
    .init(
        rollout + "  timezone: UTC\n  windows: [{days: [moon], start: \"01:00\", end: \"02:00\"}]\n",
        "bad-day",
        6,
        21,
        "\"moon\" is not a day",
        hint: "did you mean \"mon\"?"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{days: [], start: \"01:00\", end: \"02:00\"}]\n",
        "bad-day",
        6,
        20,
        "`days` is empty"
    ),
    .init(
        rollout + "  timezone: UTC\n  windows: [{dayz: [mon], start: \"01:00\", end: \"02:00\"}]\n",
        "unknown-key",
        6,
        14,
        "unknown key \"dayz\"",
        hint: "did you mean \"days\"?"
    ),
]

@Suite("Campaign files: reading and every schema error")
struct CampaignFileTests {
    @Test("the firmware example file parses into the expected campaign")
    func firmwareExample() throws {
        var diagnostics = DiagnosticCollector()
        let path = campaignFixtures.appendingPathComponent("firmware-eg8145v5.yaml").path
        let spec = try #require(CampaignFile.load(path: path, diagnostics: &diagnostics))
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.sorted)")
        var expected = CampaignSpec(
            name: "fw-eg8145v5-2026q4",
            description: "EG8145V5 / HG8245H to V5R021C00S230 (fixes the IPv6 PD renewal bug)",
            change: .firmware(
                FirmwareChange(file: "EG8145V5-V5R021C00S230.bin", targetVersion: "V5R021C00S230")
            ),
            filter: DeviceFilter(conditions: [
                FilterCondition(.manufacturer, .eq(.string("Huawei*"))),
                FilterCondition(.productClass, .in([.string("EG8145V5"), .string("HG8245H")])),
                FilterCondition(.softwareVersion, .lt(.string("V5R021C00S230"))),
                FilterCondition(.tags, .nin([.string("lab"), .string("vip")])),
            ]),
            expectedCount: ExpectedCount(count: 12_000, toleranceFraction: 0.02),
            rollout: Rollout(
                startAt: try ms("2026-12-01T01:00:00Z"),
                timeZone: "Europe/Berlin",
                windows: [MaintenanceWindow(start: 60, end: 300, weekdays: [1, 2, 3, 4])],
                maxConcurrent: 200,
                ratePerMinute: 600,
                waves: [.devices(50), .fraction(0.1), .devices(1000)],
                maxFailureRate: 0.05,
                minimumSample: 20,
                retries: 2,
                retryBackoffSeconds: 600,
                deviceDeadlineSeconds: 7200,
                connectionRequest: true
            ),
            file: path
        )
        // `waves: [{canary: 50}, "10%", 1000]` on line 26: where create's wave warnings point.
        expected.rollout.waveLocations = [20, 25, 32].map { SourceLocation(file: path, line: 26, column: $0) }
        #expect(spec == expected)
        #expect(spec.expectedCount?.accepts(11_800) == true)
        #expect(spec.expectedCount?.accepts(11_700) == false)
    }

    @Test("the WiFi example keeps per-device templates and secrets as placeholders")
    func wifiExample() throws {
        var diagnostics = DiagnosticCollector()
        let path = campaignFixtures.appendingPathComponent("wifi-rename.yaml").path
        let spec = try #require(CampaignFile.load(path: path, diagnostics: &diagnostics))
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.sorted)")
        guard case .configuration(let change) = spec.change else {
            Issue.record("expected a configuration campaign")
            return
        }
        #expect(change.actions.count == 2)
        guard case .block(.wifi(let band, let ssid, let passphrase, _, _, _, _), _)? = change.actions.first else {
            Issue.record("expected a wifi block first")
            return
        }
        #expect(band == "2.4GHz")
        #expect(ssid?.parts == [.literal("Acme-"), .function("right", [.device("serialNumber"), .integer(4)])])
        #expect(passphrase?.secrets == ["WIFI_PASSPHRASE"])
        #expect(spec.expectedCount == ExpectedCount(count: 48_000, toleranceDevices: 500))
        #expect(
            spec.filter.conditions == [
                FilterCondition(.tags, .eq(.string("fibre"))),
                FilterCondition(.oui, .eq(.string("00E0FC"))),
                FilterCondition(.lastInform, .gt(.string("2026-11-01T00:00:00.000Z"))),
            ]
        )
        #expect(spec.rollout.windows == [MaintenanceWindow(start: 23 * 60, end: 5 * 60, weekdays: [1, 2, 3, 4, 5])])
        #expect(spec.rollout.timeZone == "America/Sao_Paulo")
        #expect(spec.rollout.startAt == nil)
        #expect(spec.rollout.waves == [.fraction(0.01), .fraction(0.25)])
        #expect(spec.rollout.maxFailureRate == 0.02)
        #expect(spec.rollout.retries == 1)
        #expect(spec.rollout.deviceDeadlineSeconds == 6 * 3600)
    }

    @Test("a secret in a passphrase, a password or a `set` of a secret path is accepted")
    func secretsInMaskedTargets() throws {
        let (spec, diagnostics) = parse(
            configuration + "  - wifi: {band: 2.4GHz, passphrase: \"${secret:W}\"}\n"
                + "  - wan: {password: \"${secret:P}\"}\n"
                + "  - set: {path: Device.WiFi.AccessPoint.1.Security.KeyPassphrase, value: \"${secret:W}\"}\n"
        )
        #expect(spec != nil)
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.sorted)")
    }

    @Test("variables are substituted in configuration values, firmware fields and filter values")
    func variables() throws {
        var variables = VariableSet()
        variables.set("fw.target", "V5R021C00S230")
        variables.set("ssid_prefix", "Acme")
        variables.set("batch", "4857*")
        let (firmware, d1) = parse(
            "name: t\nfirmware: {file: \"fw-${fw.target}.bin\", target_version: \"${fw.target}\"}\n"
                + "devices: {serial: \"${batch}\", tags: \"$${literal}\"}\n",
            variables: variables
        )
        #expect(d1.diagnostics.isEmpty, "\(d1.sorted)")
        #expect(
            firmware?.change == .firmware(FirmwareChange(file: "fw-V5R021C00S230.bin", targetVersion: "V5R021C00S230"))
        )
        #expect(
            firmware?.filter.conditions == [
                FilterCondition(.serialNumber, .eq(.string("4857*"))),
                FilterCondition(.tags, .eq(.string("${literal}"))),
            ]
        )
        let (config, d2) = parse(
            "name: t\ndevices: {all: true}\nconfiguration:\n  - wifi: {band: 5GHz, ssid: \"${ssid_prefix}-5G\"}\n",
            variables: variables
        )
        #expect(d2.diagnostics.isEmpty, "\(d2.sorted)")
        guard case .configuration(let change)? = config?.change,
            case .block(.wifi(_, let ssid, _, _, _, _, _), _)? = change.actions.first
        else {
            Issue.record("expected a wifi block")
            return
        }
        #expect(ssid?.literal == "Acme-5G")
    }

    @Test("camelCase aliases, a JSON query, an explicit offset and `all: true` are accepted")
    func aliasesAndForms() throws {
        let (spec, d) = parse(
            """
            name: t
            firmware: {file: f.bin, fileType: "3 Vendor Configuration File", targetVersion: V2}
            devices:
              productClass: HG8245H
              serialNumber: {$exists: true}
              query: '{"_registered": {"$gt": "2024-01-01"}}'
              expectedCount: 10
            rollout:
              scheduledAt: "2020-01-01T03:00:00+02:00"
              maxConcurrent: 7
              ratePerMinute: 60
              maxFailureRate: 10%
              minSample: 5
              retryBackoff: 1h30m
              deviceDeadline: 3600
              connectionRequest: false
            """
        )
        #expect(d.diagnostics.isEmpty, "\(d.sorted)")
        let s = try #require(spec)
        #expect(
            s.change
                == .firmware(
                    FirmwareChange(file: "f.bin", fileType: "3 Vendor Configuration File", targetVersion: "V2")
                )
        )
        #expect(s.filter.raw == .object([("_registered", .object([("$gt", .string("2024-01-01"))]))]))
        #expect(s.expectedCount == ExpectedCount(count: 10))
        #expect(s.rollout.startAt == (try ms("2020-01-01T01:00:00Z")))
        #expect(s.rollout.timeZone == "UTC")
        #expect(s.rollout.maxConcurrent == 7)
        #expect(s.rollout.ratePerMinute == 60)
        #expect(s.rollout.maxFailureRate == 0.1)
        #expect(s.rollout.minimumSample == 5)
        #expect(s.rollout.retryBackoffSeconds == 5400)
        #expect(s.rollout.deviceDeadlineSeconds == 3600)
        #expect(!s.rollout.connectionRequest)
        let (all, d2) = parse(header + "devices: {all: true}\n")
        #expect(d2.diagnostics.isEmpty)
        #expect(all?.filter == DeviceFilter())
    }

    @Test("scheduled_at in the year 0 or before 2000 is an error, not a start at once")
    func ancientScheduledAt() throws {
        for text in ["0000-01-01T00:00:00Z", "1999-12-31T23:59:59Z"] {
            let (spec, d) = parse(rollout + "  scheduled_at: \"\(text)\"\n")
            #expect(spec == nil)
            #expect(d.sorted.map(\.code) == [.badTime], "\(d.sorted)")
        }
    }

    @Test("local scheduled_at follows the zone's offset in winter and summer")
    func scheduledAt() throws {
        let winter = parse(rollout + "  timezone: Europe/Berlin\n  scheduled_at: \"2026-12-01T02:00\"\n").0
        #expect(winter?.rollout.startAt == (try ms("2026-12-01T01:00:00Z")))
        let summer = parse(rollout + "  timezone: Europe/Berlin\n  scheduled_at: \"2026-07-01 02:00:00\"\n").0
        #expect(summer?.rollout.startAt == (try ms("2026-07-01T00:00:00Z")))
    }

    @Test("a local time that happens twice is a warning naming the zone's two offsets, and the first is used")
    func ambiguousTime() throws {
        let (spec, d) = parse(rollout + "  timezone: Europe/Berlin\n  scheduled_at: \"2026-10-25T02:30\"\n")
        #expect(d.sorted.map(\.code) == [.ambiguousTime])
        #expect(d.sorted.first?.severity == .warning)
        #expect(d.sorted.first?.location == RuleLocation(file: "c.yaml", line: 6, column: 17))
        #expect(spec?.rollout.startAt == (try ms("2026-10-25T00:30:00Z")))
        #expect(d.sorted.first?.hint == "give an offset to choose (\"…+02:00\" or \"…+01:00\")")
        let newYork = parse(rollout + "  timezone: America/New_York\n  scheduled_at: \"2026-11-01T01:30\"\n").1
        #expect(newYork.sorted.first?.hint == "give an offset to choose (\"…-04:00\" or \"…-05:00\")")
        let lordHowe = parse(rollout + "  timezone: Australia/Lord_Howe\n  scheduled_at: \"2026-04-05T01:45\"\n").1
        #expect(lordHowe.sorted.first?.hint == "give an offset to choose (\"…+11:00\" or \"…+10:30\")")
    }

    @Test("window days accept ranges, weekdays and full names")
    func days() throws {
        let (spec, d) = parse(
            rollout + "  timezone: UTC\n  windows:\n"
                + "    - {days: fri-mon, start: \"22:00\", end: \"04:00\"}\n"
                + "    - {days: weekdays, start: \"12:00\", end: \"13:00\"}\n"
                + "    - {days: [Saturday, daily], start: \"00:00\", end: \"24:00\"}\n"
        )
        #expect(d.diagnostics.isEmpty, "\(d.sorted)")
        #expect(spec?.rollout.windows.map(\.weekdays) == [[5, 6, 7, 1], [1, 2, 3, 4, 5], []])
        #expect(spec?.rollout.windows.last?.end == 1440)
    }

    @Test("a file that cannot be read is an error that names it")
    func unreadable() {
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.load(path: "/nonexistent/campaign.yaml", diagnostics: &diagnostics)
        #expect(spec == nil)
        #expect(
            diagnostics.sorted.map(\.description) == [
                "/nonexistent/campaign.yaml: error[unreadable]: cannot read the campaign file: no such file; check the path and its permissions"
            ]
        )
    }

    @Test("errors collected before parsing do not make a valid file fail")
    func earlierErrors() {
        var diagnostics = DiagnosticCollector()
        diagnostics.error(.unreadable, "a variables file is missing", at: RuleLocation(file: "vars.yaml"))
        let spec = CampaignFile.parse(header + "devices: {all: true}\n", file: "c.yaml", diagnostics: &diagnostics)
        #expect(spec != nil)
        #expect(diagnostics.diagnostics.count == 1)
    }

    @Test("Etc/GMT zones warn about their inverted sign")
    func invertedZone() {
        let (spec, d) = parse(rollout + "  timezone: Etc/GMT+1\n")
        #expect(spec != nil)
        #expect(d.sorted.map(\.code) == [.invertedZone])
    }

    @Test(
        "GMT+5, UTC+5 and GMT+0500 (Foundation's own offsets, UTC+5) are refused, naming the IANA zone Etc/GMT-5",
        arguments: ["GMT+5", "UTC+5", "GMT+0500", "UTC-03"]
    )
    func offsetZoneRefused(_ name: String) throws {
        let (spec, d) = parse(rollout + "  timezone: \(name)\n")
        #expect(spec == nil)
        let error = try #require(d.sorted.first)
        #expect(error.code == .unknownTimezone)
        #expect(error.message.contains("is not an IANA time zone"))
        let expected = name.hasPrefix("UTC-") ? "Etc/GMT+3" : "Etc/GMT-5"
        #expect(error.hint?.contains("\"\(expected)\"") == true, "\(error.hint ?? "")")
        #expect(IANAZone.named(name) == nil)
    }

    @Test("IANA names that Foundation knows are kept: UTC, GMT, Etc/UTC, Europe/Berlin, Etc/GMT-5")
    func ianaNamesKept() {
        for name in ["UTC", "GMT", "Etc/UTC", "Europe/Berlin", "Etc/GMT-5", "America/Sao_Paulo"] {
            #expect(IANAZone.named(name) != nil, "\(name)")
        }
    }

    @Test("every error of the file's top level has its place and message", arguments: fileCases)
    func fileErrors(_ c: SchemaErrorCase) { check(c) }

    @Test("every error of `firmware` has its place and message", arguments: firmwareCases)
    func firmwareErrors(_ c: SchemaErrorCase) { check(c) }

    @Test("every error of `configuration` has its place and message", arguments: configurationCases)
    func configurationErrors(_ c: SchemaErrorCase) { check(c) }

    @Test("every error of `devices` has its place and message", arguments: deviceCases)
    func deviceErrors(_ c: SchemaErrorCase) { check(c) }

    @Test("every error of `rollout` has its place and message", arguments: rolloutCases)
    func rolloutErrors(_ c: SchemaErrorCase) { check(c) }

    private func check(_ c: SchemaErrorCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (spec, diagnostics) = parse(c.text)
        #expect(spec == nil, "a file with errors gives no campaign", sourceLocation: sourceLocation)
        let found = diagnostics.sorted.first { $0.code.rawValue == c.code && $0.message.contains(c.message) }
        guard let found else {
            Issue.record(
                "no \(c.code) \"\(c.message)\" in:\n\(diagnostics.sorted.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation
            )
            return
        }
        #expect(found.severity == .error, sourceLocation: sourceLocation)
        #expect(
            found.location == RuleLocation(file: "c.yaml", line: c.line, column: c.column),
            "\(found)",
            sourceLocation: sourceLocation
        )
        if let hint = c.hint {
            #expect(found.hint?.contains(hint) == true, "\(found)", sourceLocation: sourceLocation)
        }
        #expect(
            found.description.hasPrefix("c.yaml:\(c.line):\(c.column): error[\(c.code)]"),
            sourceLocation: sourceLocation
        )
    }
}
