/// Ferrule's compiled data-model format (`.fmodel`): a resolved ``DataModel`` in a compact binary
/// form that loads in milliseconds instead of re-parsing megabytes of XML.
///
/// Layout (all integers unsigned LEB128 varints unless noted):
/// `"FMDL"` magic, format version, FNV-1a-64 of the source XML (8 bytes, little endian), a string
/// table, the model header, the distinct syntaxes, then objects and parameters referring to both
/// by index. Optional values are stored as index + 1 (0 = absent). Last, 8 bytes (little endian):
/// FNV-1a-64 of every byte before them, checked before anything else is read after the version, so a
/// changed byte (any single one is always detected: each FNV-1a step is a bijection of its state) or a
/// cut file is a "corrupt" error rather than a model with altered facts.
public enum CompiledModel {
    static let magic: [UInt8] = Array("FMDL".utf8)
    /// Bumped whenever the layout changes; older files are refused with a clear error.
    /// 2: statuses of enumeration values and patterns, enumerationRef, pathRef, inherited statuses.
    /// 3: lists of lists (the inner list's bounds, `nestedBrackets`).
    /// 4: tables' unique keys and enableParameter.
    /// 5: enumeration values' access (readOnly values); a checksum of the file's own bytes.
    static let formatVersion = 5

    /// Whether `bytes` hold a compiled model (rather than XML).
    public static func isCompiled(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// FNV-1a 64-bit hash of the source file, recorded so a stale compiled model can be spotted.
    public static func sourceHash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// Serialises `model`, recording the hash of the XML it came from.
    public static func encode(_ model: DataModel, sourceHash: UInt64) -> [UInt8] {
        var strings = StringTable()
        var syntaxes: [Syntax] = []
        var syntaxIndex: [Syntax: Int] = [:]
        func intern(_ syntax: Syntax) -> Int {
            if let i = syntaxIndex[syntax] { return i }
            syntaxIndex[syntax] = syntaxes.count
            syntaxes.append(syntax)
            return syntaxes.count - 1
        }
        let objects = model.objects.values.sorted { $0.path < $1.path }
        let parameters = model.parameters.values.sorted { $0.path < $1.path }
        var body = ByteWriter()
        body.string(model.name, &strings)
        body.string(model.spec, &strings)
        body.string(model.file, &strings)
        body.uint(model.isService ? 1 : 0)
        let parameterSyntaxes = parameters.map { intern($0.syntax) }
        body.uint(syntaxes.count)
        for syntax in syntaxes { body.syntax(syntax, &strings) }
        body.uint(objects.count)
        for o in objects {
            body.string(o.path, &strings)
            body.uint(o.writable ? 1 : 0)
            body.uint(o.minEntries)
            body.optionalUInt(o.maxEntries)
            body.optionalString(o.numEntriesParameter, &strings)
            body.uint(ItemStatus.allCases.firstIndex(of: o.status) ?? 0)
            body.optionalString(o.statusInheritedFrom, &strings)
            body.optionalString(o.version, &strings)
            body.uint(o.line)
            body.uint(o.uniqueKeys.count)
            for key in o.uniqueKeys {
                body.uint(key.functional ? 1 : 0)
                body.strings(key.parameters, &strings)
            }
            body.optionalString(o.enableParameter, &strings)
        }
        body.uint(parameters.count)
        for (p, syntax) in zip(parameters, parameterSyntaxes) {
            body.string(p.path, &strings)
            body.uint(ParameterAccess.allCases.firstIndex(of: p.access) ?? 0)
            body.uint(syntax)
            body.uint(ItemStatus.allCases.firstIndex(of: p.status) ?? 0)
            body.optionalString(p.statusInheritedFrom, &strings)
            body.optionalString(p.version, &strings)
            body.uint(p.forcedInform ? 1 : 0)
            body.uint(p.line)
        }
        var out = ByteWriter()
        out.bytes += magic
        out.uint(formatVersion)
        for shift in stride(from: 0, to: 64, by: 8) {
            out.bytes.append(UInt8(truncatingIfNeeded: sourceHash >> UInt64(shift)))
        }
        out.uint(strings.strings.count)
        for s in strings.strings {
            out.uint(s.utf8.count)
            out.bytes += Array(s.utf8)
        }
        out.bytes += body.bytes
        let checksum = CompiledModel.sourceHash(out.bytes)
        for shift in stride(from: 0, to: 64, by: 8) {
            out.bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt64(shift)))
        }
        return out.bytes
    }

    /// Reads a compiled model.
    /// - Throws: ``DataModelError`` when the file is truncated, corrupt or of another format version.
    public static func decode(_ bytes: [UInt8], file: String) throws(DataModelError) -> (
        model: DataModel, sourceHash: UInt64
    ) {
        var r = ByteReader(bytes: bytes, file: file)
        guard isCompiled(bytes) else { throw r.corrupt("not a compiled Ferrule model (no FMDL header)") }
        r.offset = magic.count
        let version = try r.uint()
        guard version == formatVersion else {
            throw DataModelError(
                file: file,
                message: "compiled model format \(version) is not the format \(formatVersion) this Ferrule reads; "
                    + "recompile it with `ferrule model compile`"
            )
        }
        // The checksum over the file's own bytes (the last 8), before any content is trusted.
        let contentEnd = bytes.count - 8
        guard contentEnd >= r.offset else { throw r.corrupt("unexpected end of file") }
        var stored: UInt64 = 0
        for (i, byte) in bytes[contentEnd...].enumerated() { stored |= UInt64(byte) << UInt64(8 * i) }
        let content = Array(bytes[..<contentEnd])
        let actual = sourceHash(content)
        guard stored == actual else {
            throw DataModelError(
                file: file,
                message: "compiled model is corrupt: its checksum \(hex(stored)) does not match its contents "
                    + "(\(hex(actual))): a byte was changed or the file was cut; recompile it with "
                    + "`ferrule model compile <model.xml> -o <file.fmodel>`"
            )
        }
        let versionEnd = r.offset
        r = ByteReader(bytes: content, file: file)
        r.offset = versionEnd
        var hash: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { hash |= UInt64(try r.byte()) << UInt64(shift) }
        let stringCount = try r.uint()
        guard stringCount <= content.count else {
            throw r.corrupt("a count of \(stringCount) in a file of \(content.count) bytes")
        }
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount { strings.append(try r.rawString()) }
        r.strings = strings
        let name = try r.string()
        let spec = try r.string()
        let source = try r.string()
        let isService = try r.uint() == 1
        let syntaxCount = try r.uint()
        guard syntaxCount <= content.count else {
            throw r.corrupt("a count of \(syntaxCount) in a file of \(content.count) bytes")
        }
        var syntaxes: [Syntax] = []
        syntaxes.reserveCapacity(syntaxCount)
        for _ in 0..<syntaxCount { syntaxes.append(try r.syntax()) }
        let objectCount = try r.uint()
        guard objectCount <= content.count else {
            throw r.corrupt("a count of \(objectCount) in a file of \(content.count) bytes")
        }
        var objects: [String: ObjectDefinition] = [:]
        objects.reserveCapacity(objectCount)
        for _ in 0..<objectCount {
            let path = try r.string()
            objects[path] = ObjectDefinition(
                path: path,
                writable: try r.uint() == 1,
                minEntries: try r.uint(),
                maxEntries: try r.optionalUInt(),
                numEntriesParameter: try r.optionalString(),
                status: try r.enumCase(ItemStatus.allCases),
                statusInheritedFrom: try r.optionalString(),
                version: try r.optionalString(),
                line: try r.uint()
            )
            let keyCount = try r.uint()
            guard keyCount <= 1000 else { throw r.corrupt("\(keyCount) unique keys") }
            for _ in 0..<keyCount {
                let functional = try r.uint() == 1
                objects[path]?.uniqueKeys.append(UniqueKey(parameters: try r.strings(), functional: functional))
            }
            objects[path]?.enableParameter = try r.optionalString()
        }
        let parameterCount = try r.uint()
        guard parameterCount <= content.count else {
            throw r.corrupt("a count of \(parameterCount) in a file of \(content.count) bytes")
        }
        var parameters: [String: ParameterDefinition] = [:]
        parameters.reserveCapacity(parameterCount)
        for _ in 0..<parameterCount {
            let path = try r.string()
            let access = try r.enumCase(ParameterAccess.allCases)
            let syntax = try r.uint()
            guard syntax < syntaxes.count else {
                throw r.corrupt("a parameter refers to syntax \(syntax) of \(syntaxes.count)")
            }
            parameters[path] = ParameterDefinition(
                path: path,
                access: access,
                syntax: syntaxes[syntax],
                status: try r.enumCase(ItemStatus.allCases),
                statusInheritedFrom: try r.optionalString(),
                version: try r.optionalString(),
                forcedInform: try r.uint() == 1,
                line: try r.uint()
            )
        }
        guard r.offset == content.count else {
            throw r.corrupt("\(content.count - r.offset) unexpected bytes after the model")
        }
        let model = DataModel(
            name: name,
            spec: spec,
            file: source,
            isService: isService,
            objects: objects,
            parameters: parameters
        )
        return (model, hash)
    }

    /// A 64-bit value as 16 hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Deduplicates strings for the compiled format.
struct StringTable {
    var strings: [String] = []
    var index: [String: Int] = [:]

    mutating func id(_ s: String) -> Int {
        if let i = index[s] { return i }
        index[s] = strings.count
        strings.append(s)
        return strings.count - 1
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func uint(_ value: Int) {
        var v = UInt64(max(0, value))
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            bytes.append(b)
        } while v != 0
    }

    mutating func optionalUInt(_ value: Int?) { uint(value.map { $0 + 1 } ?? 0) }
    mutating func string(_ s: String, _ table: inout StringTable) { uint(table.id(s)) }
    mutating func optionalString(_ s: String?, _ table: inout StringTable) { uint(s.map { table.id($0) + 1 } ?? 0) }

    mutating func strings(_ list: [String], _ table: inout StringTable) {
        uint(list.count)
        for s in list { string(s, &table) }
    }

    mutating func sizes(_ list: [SizeFacet]) {
        uint(list.count)
        for s in list {
            uint(s.minLength)
            optionalUInt(s.maxLength)
        }
    }

    mutating func syntax(_ s: Syntax, _ table: inout StringTable) {
        uint(BaseType.allCases.firstIndex(of: s.base) ?? 0)
        optionalString(s.dataType, &table)
        if let list = s.list {
            uint(1)
            uint(list.minItems)
            optionalUInt(list.maxItems)
            sizes(list.sizes)
            uint(ListNesting.allCases.firstIndex(of: list.nesting) ?? 0)
            if let inner = list.inner {
                uint(1)
                uint(inner.minItems)
                optionalUInt(inner.maxItems)
                sizes(inner.sizes)
            } else {
                uint(0)
            }
        } else {
            uint(0)
        }
        sizes(s.sizes)
        uint(s.ranges.count)
        for r in s.ranges {
            optionalString(r.minInclusive, &table)
            optionalString(r.maxInclusive, &table)
            optionalString(r.step, &table)
        }
        strings(s.enumerations, &table)
        strings(s.patterns, &table)
        uint((s.hidden ? 1 : 0) | (s.secured ? 2 : 0) | (s.command ? 4 : 0))
        optionalString(s.defaultValue, &table)
        statuses(s.enumerationStatus, &table)
        statuses(s.patternStatus, &table)
        strings(s.readOnlyEnumerations.sorted(), &table)
        if let reference = s.enumerationRef {
            uint(1)
            string(reference.targetParam, &table)
            optionalString(reference.nullValue, &table)
            string(reference.target, &table)
            uint(reference.sharedSegments)
            string(reference.suffix, &table)
        } else {
            uint(0)
        }
        if let reference = s.pathRef {
            uint(1 + (reference.strong ? 1 : 0))
            uint(PathReference.TargetType.allCases.firstIndex(of: reference.targetType) ?? 0)
            strings(reference.targetParents, &table)
        } else {
            uint(0)
        }
    }

    /// A value → status map, in key order so the bytes are the same on every run.
    mutating func statuses(_ map: [String: ItemStatus], _ table: inout StringTable) {
        uint(map.count)
        for key in map.keys.sorted() {
            string(key, &table)
            uint(ItemStatus.allCases.firstIndex(of: map[key] ?? .current) ?? 0)
        }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    let file: String
    var offset = 0
    var strings: [String] = []

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func corrupt(_ detail: String) -> DataModelError {
        DataModelError(
            file: file,
            message:
                "the compiled model is corrupt at byte \(offset) (\(detail)); recompile it with `ferrule model compile`"
        )
    }

    mutating func byte() throws(DataModelError) -> UInt8 {
        guard offset < bytes.count else { throw corrupt("unexpected end of file") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint() throws(DataModelError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            guard shift < 63 else { throw corrupt("a number is too long") }
        }
        guard value <= UInt64(Int32.max) * 4 else { throw corrupt("a number is out of range") }
        return Int(value)
    }

    mutating func optionalUInt() throws(DataModelError) -> Int? {
        let v = try uint()
        return v == 0 ? nil : v - 1
    }

    mutating func rawString() throws(DataModelError) -> String {
        let length = try uint()
        guard length <= bytes.count - offset else { throw corrupt("a string runs past the end") }
        defer { offset += length }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[offset..<offset + length]), as: UTF8.self)
        }
    }

    mutating func string() throws(DataModelError) -> String {
        let i = try uint()
        guard i < strings.count else { throw corrupt("string \(i) of \(strings.count)") }
        return strings[i]
    }

    mutating func optionalString() throws(DataModelError) -> String? {
        let i = try uint()
        guard i > 0 else { return nil }
        guard i - 1 < strings.count else { throw corrupt("string \(i - 1) of \(strings.count)") }
        return strings[i - 1]
    }

    mutating func strings(_ limit: Int = 100_000) throws(DataModelError) -> [String] {
        let n = try uint()
        guard n <= limit else { throw corrupt("a list of \(n) strings") }
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    mutating func enumCase<T>(_ all: [T]) throws(DataModelError) -> T {
        let i = try uint()
        guard i < all.count else { throw corrupt("an enumeration value \(i) of \(all.count)") }
        return all[i]
    }

    mutating func sizes() throws(DataModelError) -> [SizeFacet] {
        let n = try uint()
        guard n <= 1000 else { throw corrupt("\(n) size facets") }
        var out: [SizeFacet] = []
        for _ in 0..<n { out.append(SizeFacet(minLength: try uint(), maxLength: try optionalUInt())) }
        return out
    }

    mutating func syntax() throws(DataModelError) -> Syntax {
        var s = Syntax(base: try enumCase(BaseType.allCases))
        s.dataType = try optionalString()
        if try uint() == 1 {
            var list = ListFacet(minItems: try uint(), maxItems: try optionalUInt(), sizes: try sizes())
            list.nesting = try enumCase(ListNesting.allCases)
            if try uint() == 1 {
                list.inner = ListFacet.InnerList(minItems: try uint(), maxItems: try optionalUInt(), sizes: try sizes())
            }
            s.list = list
        }
        s.sizes = try sizes()
        let rangeCount = try uint()
        guard rangeCount <= 1000 else { throw corrupt("\(rangeCount) ranges") }
        for _ in 0..<rangeCount {
            s.ranges.append(
                RangeFacet(
                    minInclusive: try optionalString(),
                    maxInclusive: try optionalString(),
                    step: try optionalString()
                )
            )
        }
        s.enumerations = try strings()
        s.patterns = try strings()
        let flags = try uint()
        s.hidden = flags & 1 != 0
        s.secured = flags & 2 != 0
        s.command = flags & 4 != 0
        s.defaultValue = try optionalString()
        s.enumerationStatus = try statuses()
        s.patternStatus = try statuses()
        s.readOnlyEnumerations = Set(try strings())
        if try uint() == 1 {
            s.enumerationRef = EnumerationReference(
                targetParam: try string(),
                nullValue: try optionalString(),
                target: try string(),
                sharedSegments: try uint(),
                suffix: try string()
            )
        }
        let pathRef = try uint()
        if pathRef > 0 {
            s.pathRef = PathReference(
                strong: pathRef == 2,
                targetType: try enumCase(PathReference.TargetType.allCases),
                targetParents: try strings()
            )
        }
        return s
    }

    mutating func statuses() throws(DataModelError) -> [String: ItemStatus] {
        let n = try uint()
        guard n <= 100_000 else { throw corrupt("\(n) statuses") }
        var out: [String: ItemStatus] = [:]
        for _ in 0..<n {
            let key = try string()
            out[key] = try enumCase(ItemStatus.allCases)
        }
        return out
    }
}
