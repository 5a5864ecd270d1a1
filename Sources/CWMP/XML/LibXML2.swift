import CLibXML2

/// One-time libxml2 set-up shared by every parser in the process.
///
/// `xmlInitParser()` must run once before concurrent use (swift-engineering.md §1.3); the external
/// entity loader is replaced by one that refuses everything, so no input can make libxml2 open a
/// file or a URL (cwmp.md §4 rule 1). `xmlCleanupParser()` is never called.
enum LibXML2 {
    private static let initialized: Bool = {
        ferrule_xmlInitialize()
        return true
    }()

    /// Runs the one-time initialisation if it has not run yet.
    static func ensureInitialized() {
        _ = initialized
    }
}
