import CLibXML2

/// One-time libxml2 set-up shared by every parser in the process.
///
/// `xmlInitParser()` must run once before concurrent use (libxml2 2.9.14 parser.c:14665-14674); the external
/// entity loader is replaced by one that refuses everything, so no input can make libxml2 open a
/// file or a URL (libxml2 2.9.14 xmlIO.c:4037-4046). `xmlCleanupParser()` is never called.
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
