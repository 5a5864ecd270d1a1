import CLibXML2
import Synchronization

/// A libxml2 parser context kept between parses, with what Ferrule learnt about its dictionary.
///
/// libxml2 interns element names in the context's dictionary, so the same name is the same pointer
/// for as long as the context lives; `knownNames` maps those pointers to ``KnownNames`` IDs and
/// saves re-reading every name of every message.
struct PooledParser: @unchecked Sendable {
    // The context, and the scratch buffers that travel with it, are owned by exactly one parse at a
    // time: taken from the pool, used on one thread, handed back. Never shared while in use.
    let context: xmlParserCtxtPtr
    /// Open-addressed (dictionary pointer → known-name ID) table; only known names are stored,
    /// since their IDs are the same in every document.
    var knownNames: [(UnsafeRawPointer?, Int32)]
    /// The SAX builder's working arrays, kept for their capacity (always empty here).
    var scratch = Scratch()

    struct Scratch {
        var stack: [Int32] = []
        var namespaceCache: [(UnsafeRawPointer, Int32)] = []
        var scope: [(prefix: UnsafePointer<UInt8>?, length: Int, uri: Int32)] = []
        var scopeMarks: [(depth: Int, mark: Int)] = []
        /// Element and attribute text while a parse runs (``ScratchBuffer``).
        var text = ScratchBuffer<UInt8>()
        var attributeText = ScratchBuffer<UInt8>()
    }
}

/// Reuses libxml2 parser contexts (and their name dictionaries) across messages.
///
/// A context whose dictionary has grown past ``maxDictionarySize`` names is freed rather than
/// kept, so a stream of messages with made-up element names cannot grow memory without bound.
enum ParserContextPool {
    private static let pool = Mutex<[PooledParser]>([])
    private static let maxPooled = 4
    static let maxDictionarySize = 4096
    static let cacheSize = 64

    /// A context ready for `xmlCtxtReadMemory`, or nil when libxml2 cannot allocate one.
    static func take() -> PooledParser? {
        if let pooled = pool.withLock({ $0.popLast() }) { return pooled }
        guard let context = xmlNewParserCtxt() else { return nil }
        return PooledParser(context: context, knownNames: Array(repeating: (nil, 0), count: cacheSize))
    }

    /// Hands a context back, or frees it when the pool is full or its dictionary too large.
    static func giveBack(_ parser: PooledParser) {
        let keep =
            ferrule_dictSize(parser.context) <= maxDictionarySize
            && pool.withLock { pooled in
                guard pooled.count < maxPooled else { return false }
                pooled.append(parser)
                return true
            }
        if !keep { xmlFreeParserCtxt(parser.context) }
    }
}
