public import FerruleJSON

/// Which devices a campaign targets: friendly keys with MongoDB-style operators, ANDed with an
/// optional raw GenieACS query.
///
/// GenieACS compares strings lexicographically (GenieACS 1.2.16 lib/common/expression/util.ts:56-64;
/// lib/query.ts:19-127), so version comparisons never go to the NBI: ``nbiQuery`` sends only what GenieACS evaluates
/// correctly (a coarse superset), and ``matches(_:)`` applies every condition, versions compared as
/// versions, to each document fetched.
public struct DeviceFilter: Sendable, Hashable {
    public var conditions: [FilterCondition]
    /// A GenieACS device query sent as it is (`query:` in the file).
    public var raw: JSONValue?

    public init(conditions: [FilterCondition] = [], raw: JSONValue? = nil) {
        self.conditions = conditions
        self.raw = raw
    }
}

/// One `field: {operator: value}` of a device filter.
public struct FilterCondition: Sendable, Hashable {
    public var field: FilterField
    public var op: FilterOperator

    public init(_ field: FilterField, _ op: FilterOperator) {
        self.field = field
        self.op = op
    }
}

/// The friendly keys of the seed platform's filters, and any data-model parameter.
public enum FilterField: Sendable, Hashable {
    /// `_id`.
    case id
    /// `_deviceId._Manufacturer` (`manufacturer`).
    case manufacturer
    /// `_deviceId._OUI` (`oui`).
    case oui
    /// `_deviceId._ProductClass` (`model`, `product_class`, `productClass`).
    case productClass
    /// `_deviceId._SerialNumber` (`serial`, `serial_number`).
    case serialNumber
    /// `…DeviceInfo.SoftwareVersion` of TR-181 or TR-098 (`software_version`, `firmware`): compared as versions.
    case softwareVersion
    /// `_tags` (`tags`): `tags: x` has tag x, `tags: {$in: [...]}` any of, `{$nin: [...]}` none of, `{$all: [...]}` all of.
    case tags
    /// `_lastInform` (`last_inform`): ISO 8601 times.
    case lastInform
    /// Any parameter path (`Device.WiFi.Radio.1.Channel`).
    case parameter(String)
}

/// The operators a filter condition takes (`$eq`, `$ne`, `$lt`, `$lte`, `$gt`, `$gte`, `$in`,
/// `$nin`, `$all`, `$exists`, `$regex`).
public enum FilterOperator: Sendable, Hashable {
    case eq(JSONValue)
    case ne(JSONValue)
    case lt(JSONValue)
    case lte(JSONValue)
    case gt(JSONValue)
    case gte(JSONValue)
    case `in`([JSONValue])
    case nin([JSONValue])
    case all([JSONValue])
    case exists(Bool)
    case regex(String)
}
