import CWMP

/// Loads a Broadband Forum *full* data-model XML file (cwmp-datamodel-1-x)
/// into a resolved ``DataModel``: every dataType chain merged into its parameters' syntax.
///
/// Only full files are read (no `<import>`/`<component>` resolution); a file
/// that needs them, a dataType that does not resolve, or a malformed document is an error that
/// names the file and line.
public enum DataModelLoader {
    static let namespacePrefix = "urn:broadband-forum-org:cwmp:datamodel-1-"

    /// Reads a model from the bytes of a `*-full.xml` file or of a compiled `.fmodel` file (told
    /// apart by the compiled format's `FMDL` header).
    public static func load(_ bytes: [UInt8], file: String) throws(DataModelError) -> DataModel {
        if CompiledModel.isCompiled(bytes) { return try CompiledModel.decode(bytes, file: file).model }
        return try loadXML(bytes, file: file)
    }

    /// Reads a model from the bytes of a `*-full.xml` file.
    public static func loadXML(_ bytes: [UInt8], file: String) throws(DataModelError) -> DataModel {
        let result = bytes.withUnsafeBytes { SAXTreeBuilder.build($0, maxDepth: 48) }
        let tree: XMLTree
        switch result {
        case .failure(let failure):
            throw DataModelError(
                file: file,
                line: failure.line,
                column: failure.column,
                message: "not well-formed XML: \(failure.message)"
            )
        case .success(let output):
            tree = output.tree
        }
        guard let root = tree.root, root.localName == "document" else {
            throw DataModelError(
                file: file,
                line: tree.root?.line,
                message: "not a BBF data-model document (the root element is not dm:document)"
            )
        }
        guard let ns = root.namespaceURI, ns.hasPrefix(namespacePrefix) else {
            throw DataModelError(
                file: file,
                line: root.line,
                message: "unknown data-model namespace \(root.namespaceURI ?? "(none)"); expected \(namespacePrefix)N"
            )
        }
        if let imported = root.child("import") {
            throw DataModelError(
                file: file,
                line: imported.line,
                message: "this is a component file with <import>; give the generated *-full.xml file instead"
            )
        }
        var resolver = DataTypeResolver(file: file)
        for definition in root.children("dataType") {
            try resolver.declare(definition)
        }
        guard let model = root.child("model") else {
            throw DataModelError(file: file, line: root.line, message: "the document has no <model>")
        }
        guard let name = model.attribute("name") else {
            throw DataModelError(file: file, line: model.line, message: "<model> has no name")
        }
        var objects: [String: ObjectDefinition] = [:]
        var parameters: [String: ParameterDefinition] = [:]
        var referrers: [String] = []
        var parametersOf: [(object: String, parameters: [String])] = []
        // A service model may define parameters at its top (TR-104's VoiceServiceNumberOfEntries,
        // tr-104-2-0-2-cwmp-full.xml:834): their paths are relative to the mount point.
        for parameter in model.children("parameter") {
            let definition = try Self.parameter(parameter, in: "", file: file, resolver: &resolver)
            parameters[definition.path] = definition
            if definition.syntax.enumerationRef != nil { referrers.append(definition.path) }
        }
        for object in model.children("object") {
            // Names are trimmed: the XSD's names derive from tns:String, which admits no leading or
            // trailing white space (cwmp-datamodel-1-14.xsd:269-278, 332-341, 430-440), yet TR-098 1.8
            // writes "UPnPQoSDevice " and four "Queueing " (tr-098-1-8-0-full.xml:20729, 27344 …).
            guard let path = object.attribute("name")?.trimmingXMLWhitespace(), path.hasSuffix(".") else {
                throw DataModelError(file: file, line: object.line, message: "<object> has no name ending in '.'")
            }
            let status = try itemStatus(object, file: file)
            objects[path] = ObjectDefinition(
                path: path,
                writable: object.attribute("access") == "readWrite",
                minEntries: Int(object.attribute("minEntries") ?? "1") ?? 1,
                maxEntries: object.attribute("maxEntries").flatMap { $0 == "unbounded" ? nil : Int($0) }
                    ?? (object.attribute("maxEntries") == nil ? 1 : nil),
                numEntriesParameter: object.attribute("numEntriesParameter")?.trimmingXMLWhitespace(),
                status: status,
                version: object.attribute("version"),
                line: object.line,
                uniqueKeys: object.children("uniqueKey").compactMap { key in
                    let names = key.children("parameter").compactMap { $0.attribute("ref")?.trimmingXMLWhitespace() }
                    // `functional` is required by the schema; a key without it is taken as functional.
                    return names.isEmpty
                        ? nil : UniqueKey(parameters: names, functional: key.attribute("functional") != "false")
                },
                enableParameter: object.attribute("enableParameter")?.trimmingXMLWhitespace()
            )
            var members: [String] = []
            for parameter in object.children("parameter") {
                let definition = try Self.parameter(parameter, in: path, file: file, resolver: &resolver)
                parameters[definition.path] = definition
                members.append(definition.path)
                if definition.syntax.enumerationRef != nil { referrers.append(definition.path) }
            }
            parametersOf.append((path, members))
        }
        var loaded = DataModel(
            name: name,
            spec: root.attribute("spec") ?? "",
            file: file,
            isService: model.attribute("isService") == "true",
            // Consumed, so that the model's dictionaries are unique and the fixes below don't copy them.
            objects: consume objects,
            parameters: consume parameters
        )
        loaded.inheritStatus(parametersOf: parametersOf)
        loaded.dropUnresolvedEnumerationReferences(referrers)
        return loaded
    }

    /// One `<parameter>` of the object at `path` (`""` at the top of a service model).
    private static func parameter(
        _ parameter: XMLElement,
        in path: String,
        file: String,
        resolver: inout DataTypeResolver
    ) throws(DataModelError) -> ParameterDefinition {
        guard let leaf = parameter.attribute("name")?.trimmingXMLWhitespace(), !leaf.isEmpty else {
            throw DataModelError(file: file, line: parameter.line, message: "<parameter> has no name")
        }
        guard let syntaxElement = parameter.child("syntax") else {
            throw DataModelError(file: file, line: parameter.line, message: "parameter \(path)\(leaf) has no <syntax>")
        }
        let accessText = parameter.attribute("access") ?? "readOnly"
        guard let access = ParameterAccess(rawValue: accessText) else {
            throw DataModelError(
                file: file,
                line: parameter.line,
                message: "parameter \(path)\(leaf) has unknown access \"\(accessText)\""
            )
        }
        var syntax = try resolver.syntax(syntaxElement)
        for facet in resolver.referenceFacets where facet.attribute("status") != "deleted" {
            if facet.localName == "pathRef" {
                let parents = (facet.attribute("targetParent") ?? "").split(whereSeparator: { $0.isWhitespace })
                let scope = facet.attribute("targetParentScope")
                syntax.pathRef = PathReference(
                    strong: facet.attribute("refType") == "strong",
                    targetType: facet.attribute("targetType").flatMap(PathReference.TargetType.init(rawValue:))
                        ?? .any,
                    targetParents: parents.compactMap {
                        ReferencePath.absolute(String($0), scope: scope, objectPath: path)
                    }
                )
                continue
            }
            guard let target = facet.attribute("targetParam")?.trimmingXMLWhitespace() else { continue }
            syntax.enumerationRef = EnumerationReference.resolve(
                targetParam: target,
                scope: facet.attribute("targetParamScope"),
                nullValue: facet.attribute("nullValue"),
                objectPath: path,
                parameterPath: path + leaf
            )
        }
        return ParameterDefinition(
            path: path + leaf,
            access: access,
            syntax: syntax,
            status: try itemStatus(parameter, file: file),
            version: parameter.attribute("version"),
            forcedInform: parameter.attribute("forcedInform") == "true",
            line: parameter.line
        )
    }
    private static func itemStatus(_ element: XMLElement, file: String) throws(DataModelError) -> ItemStatus {
        let text = element.attribute("status") ?? "current"
        guard let status = ItemStatus(rawValue: text) else {
            throw DataModelError(
                file: file,
                line: element.line,
                message: "unknown status \"\(text)\" on \(element.attribute("name") ?? element.localName)"
            )
        }
        return status
    }
}

/// Resolves named dataTypes (with `base=` chains) and parameter syntaxes.
struct DataTypeResolver {
    let file: String
    private var declarations: [String: XMLElement] = [:]
    private var resolved: [String: Syntax] = [:]
    private var resolving: Set<String> = []

    init(file: String) { self.file = file }

    mutating func declare(_ element: XMLElement) throws(DataModelError) {
        guard let name = element.attribute("name") else {
            throw DataModelError(file: file, line: element.line, message: "<dataType> has no name")
        }
        declarations[name] = element
    }

    /// The syntax a named dataType stands for, its base chain merged.
    mutating func named(_ name: String, at line: Int) throws(DataModelError) -> Syntax {
        if let syntax = resolved[name] { return syntax }
        guard let element = declarations[name] else {
            throw DataModelError(file: file, line: line, message: "dataType \"\(name)\" is not defined in this file")
        }
        guard !resolving.contains(name) else {
            throw DataModelError(
                file: file,
                line: element.line,
                message: "dataType \"\(name)\" is defined in terms of itself"
            )
        }
        resolving.insert(name)
        defer { resolving.remove(name) }
        var syntax: Syntax
        if let base = element.attribute("base") {
            syntax = try named(base, at: element.line)
            Self.applyFacets(of: element, to: &syntax)
        } else {
            syntax = try typed(element, context: "dataType \(name)")
        }
        syntax.dataType = name
        resolved[name] = syntax
        return syntax
    }

    /// The `pathRef` and `enumerationRef` facets of the last ``syntax(_:)``, for the caller to resolve
    /// against the parameter's own path.
    private(set) var referenceFacets: [XMLElement] = []

    /// A parameter's `<syntax>` element.
    mutating func syntax(_ element: XMLElement) throws(DataModelError) -> Syntax {
        referenceFacets.removeAll(keepingCapacity: true)
        var syntax = try typed(element, context: "syntax")
        syntax.hidden = element.attribute("hidden") == "true"
        syntax.secured = element.attribute("secured") == "true"
        syntax.command = element.attribute("command") == "true"
        if let facet = element.child("default"), facet.attribute("status") != "deleted",
            let value = facet.attribute("value")
        {
            syntax.defaultValue = value
        }
        return syntax
    }

    /// Reads `list?` plus one type element (`string`, …, `dataType ref=|base=`) below `element`.
    private mutating func typed(_ element: XMLElement, context: String) throws(DataModelError) -> Syntax {
        var list: ListFacet?
        var result: Syntax?
        for child in element.children {
            let name = child.localName
            if name == "list" {
                list = ListFacet(
                    minItems: Int(child.attribute("minItems") ?? "0") ?? 0,
                    maxItems: child.attribute("maxItems").flatMap { $0 == "unbounded" ? nil : Int($0) },
                    sizes: child.children("size").filter { $0.attribute("status") != "deleted" }.map(Self.size),
                    nesting: child.attribute("nestedBrackets").flatMap(ListNesting.init(rawValue:)) ?? .legacy
                )
            } else if let base = BaseType(rawValue: name) {
                var syntax = Syntax(base: base)
                referenceFacets += Self.applyFacets(of: child, to: &syntax)
                result = syntax
            } else if name == "dataType" {
                guard let reference = child.attribute("ref") ?? child.attribute("base") else {
                    throw DataModelError(
                        file: file,
                        line: child.line,
                        message: "<dataType> in \(context) has neither ref nor base"
                    )
                }
                var syntax = try named(reference, at: child.line)
                referenceFacets += Self.applyFacets(of: child, to: &syntax)
                result = syntax
            }
        }
        guard var syntax = result else {
            throw DataModelError(
                file: file,
                line: element.line,
                message: "\(context) has no type element (string, int, dataType …)"
            )
        }
        if var list {
            // A list of a list-valued dataType: each item is an inner list of the dataType's bounds.
            if let inner = syntax.list {
                list.inner = ListFacet.InnerList(minItems: inner.minItems, maxItems: inner.maxItems, sizes: inner.sizes)
            }
            syntax.list = list
        }
        return syntax
    }

    /// Facets on an element override the inherited ones of the same kind (a derived type narrows).
    /// Returns the `pathRef` and `enumerationRef` facets met, which depend on the parameter's path.
    @discardableResult
    static func applyFacets(of element: XMLElement, to syntax: inout Syntax) -> [XMLElement] {
        var references: [XMLElement] = []
        var sizes: [SizeFacet] = []
        var ranges: [RangeFacet] = []
        var enumerations: [String] = []
        var patterns: [String] = []
        var enumerationStatus: [String: ItemStatus] = [:]
        var patternStatus: [String: ItemStatus] = [:]
        var readOnlyEnumerations: Set<String> = []
        for facet in element.children {
            // Facets carry a status too (cwmp-datamodel-1-14.xsd, BaseStatusFacet). A deleted size or
            // range no longer constrains (TR-098 1.8 keeps 11 deleted sizes, e.g. tr-098-1-8-0-full.xml:7308);
            // retired enumeration values and patterns stay valid but are reported with their status.
            let status = facet.attribute("status").flatMap(ItemStatus.init(rawValue:)) ?? .current
            switch facet.localName {
            case "size" where status != .deleted: sizes.append(size(facet))
            case "range" where status != .deleted:
                ranges.append(
                    RangeFacet(
                        minInclusive: facet.attribute("minInclusive"),
                        maxInclusive: facet.attribute("maxInclusive"),
                        step: facet.attribute("step")
                    )
                )
            case "enumeration":
                guard let v = facet.attribute("value") else { continue }
                enumerations.append(v)
                if status != .current { enumerationStatus[v] = status }
                // BaseAccessFacet access, default readWrite (cwmp-datamodel-1-14.xsd:777).
                if facet.attribute("access") == "readOnly" { readOnlyEnumerations.insert(v) }
            case "pattern":
                guard let v = facet.attribute("value") else { continue }
                patterns.append(v)
                if status != .current { patternStatus[v] = status }
            case "pathRef", "enumerationRef": references.append(facet)
            default: break
            }
        }
        if !sizes.isEmpty { syntax.sizes = sizes }
        if !ranges.isEmpty { syntax.ranges = ranges }
        if !enumerations.isEmpty {
            syntax.enumerations = enumerations
            syntax.enumerationStatus = enumerationStatus
            syntax.readOnlyEnumerations = readOnlyEnumerations
        }
        if !patterns.isEmpty {
            syntax.patterns = patterns
            syntax.patternStatus = patternStatus
        }
        return references
    }

    static func size(_ element: XMLElement) -> SizeFacet {
        SizeFacet(
            minLength: Int(element.attribute("minLength") ?? "0") ?? 0,
            maxLength: element.attribute("maxLength").flatMap { Int($0) }
        )
    }
}
