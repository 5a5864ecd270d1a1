/// An XML Schema regular expression (used by `pattern` facets), matched in time linear in the value.
///
/// The pattern is parsed by the grammar of XML Schema 1.0 Part 2 Appendix F (regExp, branch, piece,
/// quantifier, atom, charClassExpr with subtraction, single-, multi- and category escapes) and
/// compiled to a Thompson NFA, which is simulated over the value's Unicode scalars: the work is at
/// most (value length) × (program size), whatever the pattern (`(\d|\d\d)*x` included; a
/// backtracking engine takes exponential time on it). XSD regular expressions have no
/// backreferences or lookaround, so nothing is lost.
///
/// Semantics are XSD's, character by character (a character is a code point, XML 1.0 §2.2):
/// - the pattern is implicitly anchored; `^` and `$` are ordinary characters;
/// - `.` is any character but `\n` and `\r` (Appendix F.1, WildcardEsc);
/// - `\d` is `\p{Nd}`, `\w` is `[#x0000-#x10FFFF]-[\p{P}\p{Z}\p{C}]`, `\s` is `[#x20\t\n\r]`;
/// - `\i` and `\c` are XML 1.0 (Fifth Edition) §2.3 NameStartChar and NameChar;
/// - a combining mark or joiner after a digit is a character of its own: `\d` does not take it.
///
/// Tolerated beyond the grammar, as the Swift engine Ferrule used before did: a `?` after a
/// quantifier (`[0-9]{1,15}?`, TR-181's `…BKMGT` pattern) is a lazy marker, which changes nothing
/// for a whole-value match. Not supported (the pattern is then not compiled, and not held against a
/// device): block escapes `\p{IsBasicLatin}`, and patterns whose program would exceed
/// ``programLimit`` instructions (`(a{1,1000}){1,1000}`).
public struct XSDRegex: Sendable {
    /// The most NFA instructions a pattern may compile to; counted repeats are expanded.
    public static let programLimit = 20_000

    public let source: String
    private let program: [Instruction]

    /// Compiles `pattern`; nil when it is not an XSD regular expression Ferrule can match.
    public init?(_ pattern: String) {
        source = pattern
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let node = parser.parse() else { return nil }
        var compiler = Compiler()
        guard compiler.emit(node), compiler.program.count < Self.programLimit else { return nil }
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the whole of `value` matches, in at most (scalars of `value` + 1) × program size steps.
    public func matches(_ value: String) -> Bool {
        var current = StateList(size: program.count)
        var next = StateList(size: program.count)
        var generation = 1
        add(0, to: &current, generation: generation)
        for scalar in value.unicodeScalars {
            if current.states.isEmpty { return false }
            generation += 1
            next.states.removeAll(keepingCapacity: true)
            for pc in current.states {
                if case .scalar(let set) = program[pc], set.contains(scalar) {
                    add(pc + 1, to: &next, generation: generation)
                }
            }
            swap(&current, &next)
        }
        return current.states.contains { if case .match = program[$0] { return true } else { return false } }
    }

    /// Adds `start` and every instruction reachable from it without reading a character.
    private func add(_ start: Int, to list: inout StateList, generation: Int) {
        var stack = [start]
        while let pc = stack.popLast() {
            guard list.mark[pc] != generation else { continue }
            list.mark[pc] = generation
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .scalar, .match: list.states.append(pc)
            }
        }
    }

    /// The states of one step of the simulation, each at most once (`mark` holds the step it was added in).
    private struct StateList {
        var states: [Int] = []
        var mark: [Int]
        init(size: Int) {
            mark = Array(repeating: 0, count: size)
            states.reserveCapacity(size)
        }
    }

    /// One NFA instruction (Thompson 1968; Cox, "Regular Expression Matching Can Be Simple And Fast").
    enum Instruction: Sendable {
        case scalar(CharSet)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// A parsed regular expression.
    indirect enum Node: Sendable {
        case set(CharSet)
        case sequence([Node])
        case choice([Node])
        /// `max` nil: unbounded.
        case repeated(Node, min: Int, max: Int?)
    }

    /// A set of characters: a character class, an escape or `.`.
    indirect enum CharSet: Sendable {
        case ranges([ClosedRange<UInt32>])
        case categories(Set<Unicode.GeneralCategory>)
        case union([CharSet])
        case not(CharSet)
        case subtract(CharSet, CharSet)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .ranges(let ranges): return ranges.contains { $0.contains(scalar.value) }
            case .categories(let categories): return categories.contains(scalar.properties.generalCategory)
            case .union(let sets): return sets.contains { $0.contains(scalar) }
            case .not(let set): return !set.contains(scalar)
            case .subtract(let base, let removed): return base.contains(scalar) && !removed.contains(scalar)
            }
        }
    }

    /// Emits the program for a node; false when it would exceed ``programLimit``.
    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) -> Bool {
            guard program.count < XSDRegex.programLimit else { return false }
            switch node {
            case .set(let set):
                program.append(.scalar(set))
            case .sequence(let nodes):
                for node in nodes where !emit(node) { return false }
            case .choice(let branches):
                // split L1, next; L1: branch; jump end; next: … ; last branch.
                var jumps: [Int] = []
                for (i, branch) in branches.enumerated() {
                    if i == branches.count - 1 {
                        if !emit(branch) { return false }
                    } else {
                        let split = program.count
                        program.append(.split(split + 1, 0))
                        if !emit(branch) { return false }
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let body, let min, let max):
                for _ in 0..<min where !emit(body) { return false }
                if let max {
                    // Each optional copy: split body, end (nested so that the ends chain).
                    var splits: [Int] = []
                    for _ in min..<Swift.max(min, max) {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        if !emit(body) { return false }
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    // L: split body, end; body; jump L.
                    let loop = program.count
                    program.append(.split(0, 0))
                    if !emit(body) { return false }
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            }
            return program.count < XSDRegex.programLimit
        }
    }

    /// A recursive-descent parser for XML Schema 1.0 Part 2 Appendix F, over Unicode scalars.
    struct Parser {
        let text: [Unicode.Scalar]
        var at = 0
        /// Group nesting depth, bounded so that a hostile pattern cannot exhaust the stack.
        var depth = 0
        static let depthLimit = 100

        init(_ text: [Unicode.Scalar]) { self.text = text }

        var peek: Unicode.Scalar? { at < text.count ? text[at] : nil }

        mutating func parse() -> Node? {
            guard let node = regExp(), at == text.count else { return nil }
            return node
        }

        /// regExp ::= branch ( '|' branch )*
        mutating func regExp() -> Node? {
            var branches: [Node] = []
            guard let first = branch() else { return nil }
            branches.append(first)
            while peek == "|" {
                at += 1
                guard let next = branch() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? first : .choice(branches)
        }

        /// branch ::= piece*
        mutating func branch() -> Node? {
            var pieces: [Node] = []
            while let c = peek, c != "|", c != ")" {
                guard let piece = piece() else { return nil }
                pieces.append(piece)
            }
            return .sequence(pieces)
        }

        /// piece ::= atom quantifier?
        mutating func piece() -> Node? {
            guard let atom = atom() else { return nil }
            let quantified: Node
            switch peek {
            case "?": quantified = .repeated(atom, min: 0, max: 1)
            case "*": quantified = .repeated(atom, min: 0, max: nil)
            case "+": quantified = .repeated(atom, min: 1, max: nil)
            case "{":
                at += 1
                guard let (min, max) = quantity(), peek == "}" else { return nil }
                quantified = .repeated(atom, min: min, max: max)
            default: return atom
            }
            at += 1
            // A lazy marker after a quantifier: not XSD, accepted as before; the same for a whole match.
            if peek == "?" { at += 1 }
            return quantified
        }

        /// quantity ::= QuantExact | QuantRange | QuantMin ('n', 'n,m', 'n,').
        mutating func quantity() -> (Int, Int?)? {
            guard let min = number() else { return nil }
            guard peek == "," else { return (min, min) }
            at += 1
            if peek == "}" { return (min, nil) }
            guard let max = number(), max >= min else { return nil }
            return (min, max)
        }

        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let c = peek, ("0"..."9").contains(c) {
                value = value * 10 + Int(c.value - 0x30)
                digits += 1
                at += 1
                // Larger counts could never compile within the program limit.
                if value > XSDRegex.programLimit { return nil }
            }
            return digits > 0 ? value : nil
        }

        /// atom ::= NormalChar | charClass | '(' regExp ')'
        mutating func atom() -> Node? {
            guard let c = peek else { return nil }
            switch c {
            case "(":
                at += 1
                depth += 1
                guard depth <= Self.depthLimit, let inner = regExp(), peek == ")" else { return nil }
                at += 1
                depth -= 1
                return inner
            case "[":
                guard let set = classExpression() else { return nil }
                return .set(set)
            case ".":
                at += 1
                // WildcardEsc: [^\n\r].
                return .set(.not(.ranges([0x0A...0x0A, 0x0D...0x0D])))
            case "\\":
                at += 1
                guard let set = escape() else { return nil }
                return .set(set)
            case "?", "*", "+", "{", "}", ")", "]", "|":
                return nil
            default:
                at += 1
                return .set(.ranges([c.value...c.value]))
            }
        }

        /// charClassExpr ::= '[' charGroup ']'; charGroup ::= ( posCharGroup | negCharGroup ) ( '-' charClassExpr )?
        mutating func classExpression() -> CharSet? {
            guard peek == "[" else { return nil }
            at += 1
            var negated = false
            if peek == "^" {
                negated = true
                at += 1
            }
            var items: [CharSet] = []
            var subtraction: CharSet?
            while true {
                guard let c = peek else { return nil }
                if c == "]" {
                    guard !items.isEmpty else { return nil }
                    at += 1
                    break
                }
                if c == "-", at + 1 < text.count, text[at + 1] == "[" {
                    guard !items.isEmpty else { return nil }
                    at += 1
                    depth += 1
                    guard depth <= Self.depthLimit, let removed = classExpression(), peek == "]" else { return nil }
                    depth -= 1
                    subtraction = removed
                    at += 1
                    break
                }
                if c == "\\", at + 1 < text.count, !Self.singleEscapes.keys.contains(text[at + 1]) {
                    at += 1
                    guard let set = escape() else { return nil }
                    items.append(set)
                    continue
                }
                guard let low = classCharacter(first: items.isEmpty) else { return nil }
                if peek == "-", at + 1 < text.count, text[at + 1] != "]", text[at + 1] != "[" {
                    at += 1
                    guard let high = classCharacter(first: false), high >= low else { return nil }
                    items.append(.ranges([low...high]))
                } else {
                    items.append(.ranges([low...low]))
                }
            }
            var set: CharSet = items.count == 1 ? items[0] : .union(items)
            if negated { set = .not(set) }
            if let subtraction { set = .subtract(set, subtraction) }
            return set
        }

        /// One character of a class: XmlChar or SingleCharEsc. `-` is a character only first or
        /// last in the group (XmlCharIncDash); `[` never unescaped.
        mutating func classCharacter(first: Bool) -> UInt32? {
            guard let c = peek else { return nil }
            if c == "\\" {
                guard at + 1 < text.count, let escaped = Self.singleEscapes[text[at + 1]] else { return nil }
                at += 2
                return escaped
            }
            if c == "[" || c == "]" { return nil }
            if c == "-", !first, at + 1 < text.count, text[at + 1] != "]" { return nil }
            at += 1
            return c.value
        }

        /// SingleCharEsc ::= '\' [nrt\|.?*+(){}#x2D#x5B#x5D#x5E]
        static let singleEscapes: [Unicode.Scalar: UInt32] = [
            "n": 0x0A, "r": 0x0D, "t": 0x09, "\\": 0x5C, "|": 0x7C, ".": 0x2E, "?": 0x3F, "*": 0x2A, "+": 0x2B,
            "(": 0x28, ")": 0x29, "{": 0x7B, "}": 0x7D, "-": 0x2D, "[": 0x5B, "]": 0x5D, "^": 0x5E,
        ]

        /// After a backslash: a single-character, multi-character or category escape.
        mutating func escape() -> CharSet? {
            guard let c = peek else { return nil }
            at += 1
            if let single = Self.singleEscapes[c] { return .ranges([single...single]) }
            switch c {
            case "s": return Self.space
            case "S": return .not(Self.space)
            case "d": return Self.digit
            case "D": return .not(Self.digit)
            case "w": return Self.word
            case "W": return .not(Self.word)
            case "i": return Self.nameStart
            case "I": return .not(Self.nameStart)
            case "c": return Self.nameCharacter
            case "C": return .not(Self.nameCharacter)
            case "p", "P":
                guard peek == "{" else { return nil }
                at += 1
                var name = ""
                while let n = peek, n != "}" {
                    name.unicodeScalars.append(n)
                    at += 1
                }
                guard peek == "}", let categories = Self.categories(name) else { return nil }
                at += 1
                return c == "p" ? .categories(categories) : .not(.categories(categories))
            default: return nil
            }
        }

        // Multi-character escapes, XML Schema 1.0 Part 2 Appendix F.4.
        static let space = CharSet.ranges([0x20...0x20, 0x09...0x09, 0x0A...0x0A, 0x0D...0x0D])
        static let digit = CharSet.categories([.decimalNumber])
        static let word = CharSet.not(
            .categories(
                Set(
                    ["P", "Z", "C"].compactMap { categories($0) }.flatMap { $0 }
                )
            )
        )
        /// XML 1.0 (Fifth Edition) §2.3 [4] NameStartChar.
        static let nameStart = CharSet.ranges([
            0x3A...0x3A, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF,
            0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF,
            0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF,
        ])
        /// XML 1.0 (Fifth Edition) §2.3 [4a] NameChar.
        static let nameCharacter = CharSet.union([
            nameStart, .ranges([0x2D...0x2E, 0x30...0x39, 0xB7...0xB7, 0x300...0x36F, 0x203F...0x2040]),
        ])

        /// The general categories of a category escape name (Appendix F.4.1); nil for block
        /// escapes (`IsBasicLatin`) and unknown names.
        static func categories(_ name: String) -> Set<Unicode.GeneralCategory>? {
            let table: [String: [Unicode.GeneralCategory]] = [
                "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
                "Lm": [.modifierLetter], "Lo": [.otherLetter],
                "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
                "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
                "Pc": [.connectorPunctuation], "Pd": [.dashPunctuation], "Ps": [.openPunctuation],
                "Pe": [.closePunctuation], "Pi": [.initialPunctuation], "Pf": [.finalPunctuation],
                "Po": [.otherPunctuation],
                "Zs": [.spaceSeparator], "Zl": [.lineSeparator], "Zp": [.paragraphSeparator],
                "Sm": [.mathSymbol], "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "So": [.otherSymbol],
                "Cc": [.control], "Cf": [.format], "Co": [.privateUse], "Cn": [.unassigned],
            ]
            if let exact = table[name] { return Set(exact) }
            guard name.count == 1 else { return nil }
            let all = table.filter { $0.key.hasPrefix(name) }.flatMap(\.value)
            // `C` includes the surrogates (Cs), which a Swift string never holds.
            return all.isEmpty ? nil : Set(all + (name == "C" ? [.surrogate] : []))
        }
    }
}
