/// The API's routes under both prefixes (``APIPrefix``): what `ferrule serve` registers besides
/// the operational routes. Filled in when the generated API handlers (`FerruleAPI`) are wired.
public enum APIRoutes {
    /// Every registration `ferrule serve` uses.
    public static var all: [RouteRegistration] { [] }
}
