/// What an expression reads when it is evaluated: parameter values and the session time.
///
/// ``DeviceState`` is the implementation for a device; tests can supply their own.
public protocol ExpressionEnvironment {
    /// The value of a parameter (`Tags.beta`, `Events.1_BOOT`, `DeviceID.ProductClass`,
    /// `Device.DeviceInfo.SoftwareVersion`); ``ExpressionValue/null`` when it does not exist.
    func value(of path: String) -> ExpressionValue

    /// The session time in milliseconds since 1970-01-01T00:00:00Z (what `NOW()` returns).
    var now: Double { get }
}
