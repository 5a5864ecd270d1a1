extension FilterField {
    /// How a field's values are compared.
    enum Kind: Sendable, Hashable {
        /// `_id` and `_deviceId` texts: equality (with `*` wildcards), lists, regex.
        case identity
        /// `_deviceId._OUI`: six hex digits, compared case-insensitively.
        case oui
        /// SoftwareVersion: equality on the text, order as versions.
        case version
        /// `_tags`: an array; conditions test its members.
        case tags
        /// `_lastInform`: ISO 8601 times, compared as instants.
        case time
        /// A data-model parameter's `_value`: text, number or boolean.
        case parameter
    }

    /// The TR-181 and TR-098 SoftwareVersion parameters, TR-181 first.
    static let softwareVersionPaths = [
        "Device.DeviceInfo.SoftwareVersion", "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
    ]

    var kind: Kind {
        switch self {
        case .id, .manufacturer, .productClass, .serialNumber: .identity
        case .oui: .oui
        case .softwareVersion: .version
        case .tags: .tags
        case .lastInform: .time
        case .parameter: .parameter
        }
    }

    /// The name a campaign file uses for the field (`manufacturer`, `model`, a parameter path).
    public var name: String {
        switch self {
        case .id: "id"
        case .manufacturer: "manufacturer"
        case .oui: "oui"
        case .productClass: "model"
        case .serialNumber: "serial"
        case .softwareVersion: "software_version"
        case .tags: "tags"
        case .lastInform: "last_inform"
        case .parameter(let path): path
        }
    }

    /// Where the field lives in a GenieACS device document; SoftwareVersion has two (TR-181,
    /// TR-098), of which a device has one.
    public var documentPaths: [String] {
        switch self {
        case .id: ["_id"]
        case .manufacturer: ["_deviceId._Manufacturer"]
        case .oui: ["_deviceId._OUI"]
        case .productClass: ["_deviceId._ProductClass"]
        case .serialNumber: ["_deviceId._SerialNumber"]
        case .softwareVersion: Self.softwareVersionPaths
        case .tags: ["_tags"]
        case .lastInform: ["_lastInform"]
        case .parameter(let path): [path]
        }
    }

    /// The keys a campaign file's `devices:` accepts for each field (documented names first,
    /// then aliases and GenieACS's own names).
    static let keys: [(String, FilterField)] = [
        ("id", .id), ("manufacturer", .manufacturer), ("oui", .oui), ("model", .productClass),
        ("product_class", .productClass), ("serial", .serialNumber), ("serial_number", .serialNumber),
        ("software_version", .softwareVersion), ("firmware", .softwareVersion), ("tags", .tags),
        ("last_inform", .lastInform), ("productClass", .productClass), ("serialNumber", .serialNumber),
        ("softwareVersion", .softwareVersion), ("firmware_version", .softwareVersion),
        ("lastInform", .lastInform), ("tag", .tags), ("_id", .id), ("_deviceId._Manufacturer", .manufacturer),
        ("_deviceId._OUI", .oui), ("_deviceId._ProductClass", .productClass),
        ("_deviceId._SerialNumber", .serialNumber), ("_tags", .tags), ("_lastInform", .lastInform),
    ]

    /// The documented friendly keys.
    static let documentedKeys = [
        "manufacturer", "oui", "model", "product_class", "serial", "serial_number", "software_version", "firmware",
        "tags", "last_inform", "id",
    ]

    /// The field a `devices:` key names, when it is a friendly key or GenieACS name (not a path).
    static func named(_ key: String) -> FilterField? {
        keys.first { $0.0 == key }?.1
    }

    /// The operators that make sense for the field, in the docs' order.
    var operators: [String] {
        switch kind {
        case .identity, .oui: ["$eq", "$ne", "$in", "$nin", "$regex", "$exists"]
        case .version, .parameter: ["$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin", "$regex", "$exists"]
        case .tags: ["$eq", "$ne", "$in", "$nin", "$all", "$regex"]
        case .time: ["$lt", "$lte", "$gt", "$gte", "$exists"]
        }
    }
}

extension FilterOperator {
    /// Every operator a filter knows.
    static let names = ["$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin", "$all", "$exists", "$regex"]

    /// `$eq`, `$in` …
    var name: String {
        switch self {
        case .eq: "$eq"
        case .ne: "$ne"
        case .lt: "$lt"
        case .lte: "$lte"
        case .gt: "$gt"
        case .gte: "$gte"
        case .in: "$in"
        case .nin: "$nin"
        case .all: "$all"
        case .exists: "$exists"
        case .regex: "$regex"
        }
    }
}
