extension Expression {
    /// Evaluates the expression as GenieACS does (`evaluate` in `lib/common/expression/util.ts`).
    ///
    /// - SQL three-valued logic: a missing parameter is NULL; comparisons, `LIKE`, `||` and arithmetic
    ///   with a NULL operand are NULL. `AND` is FALSE if any operand is false (else NULL if any is NULL);
    ///   `OR` is TRUE if any operand is true (else NULL if any is NULL); `NOT NULL` is NULL.
    /// - Truthiness is JavaScript's (``ExpressionValue/isTruthy``).
    /// - Comparisons: booleans count as 0/1; between different types the string is the greater;
    ///   strings compare by UTF-16 code units (so `'10.0' < '9.0'`).
    /// - Arithmetic converts strings with `parseFloat` (non-numeric → 0) and booleans to 0/1; `/` and
    ///   `%` by zero are NULL; `%` truncates its divisor.
    /// - `||`, `UPPER` and `LOWER` write booleans as `1`/`0` and numbers as JavaScript does.
    /// - Functions: `NOW()` is the environment's time, `ROUND(x[, digits])` rounds halves up,
    ///   `COALESCE` is its first non-NULL argument. A function the parser would refuse evaluates to NULL.
    ///
    /// - Parameter environment: the device's parameters and the session time.
    /// - Returns: the value; a precondition holds when it ``ExpressionValue/isTruthy``.
    public func evaluate(in environment: some ExpressionEnvironment) -> ExpressionValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .parameter(let path):
            guard let name = Self.resolve(path, in: environment) else { return .null }
            return environment.value(of: name)
        case .function(let name, let arguments):
            return Self.call(name, arguments.map { $0.evaluate(in: environment) }, now: environment.now)
        case .not(let x):
            let v = x.evaluate(in: environment)
            return v.isNull ? .null : .bool(!v.isTruthy)
        case .and(let a, let b):
            let left = a.evaluate(in: environment)
            if !left.isNull && !left.isTruthy { return .bool(false) }
            let right = b.evaluate(in: environment)
            if !right.isNull && !right.isTruthy { return .bool(false) }
            return left.isNull || right.isNull ? .null : .bool(true)
        case .or(let a, let b):
            let left = a.evaluate(in: environment)
            if left.isTruthy { return .bool(true) }
            let right = b.evaluate(in: environment)
            if right.isTruthy { return .bool(true) }
            return left.isNull || right.isNull ? .null : .bool(false)
        case .comparison(let op, let a, let b):
            let left = a.evaluate(in: environment)
            let right = b.evaluate(in: environment)
            guard let order = Self.compare(left, right) else { return .null }
            return switch op {
            case .equal: .bool(order == 0)
            case .notEqual: .bool(order != 0)
            case .less: .bool(order < 0)
            case .lessOrEqual: .bool(order <= 0)
            case .greater: .bool(order > 0)
            case .greaterOrEqual: .bool(order >= 0)
            }
        case .like(let a, let pattern, let escape, let negated):
            let subject = a.evaluate(in: environment)
            let patternValue = pattern.evaluate(in: environment)
            let escapeValue = escape?.evaluate(in: environment)
            guard let text = subject.javaScriptString, let patternText = patternValue.javaScriptString,
                escapeValue != ExpressionValue.null
            else { return .null }
            var escapeText: String?
            if case .string(let e) = escapeValue { escapeText = e }
            let matched = LikePattern(patternText, escape: escapeText).matches(text)
            return .bool(matched != negated)
        case .isNull(let x, let negated):
            return .bool(x.evaluate(in: environment).isNull != negated)
        case .concat(let a, let b):
            guard let left = a.evaluate(in: environment).concatenationText,
                let right = b.evaluate(in: environment).concatenationText
            else { return .null }
            return .string(left + right)
        case .arithmetic(let op, let a, let b):
            guard let x = a.evaluate(in: environment).arithmeticNumber,
                let y = b.evaluate(in: environment).arithmeticNumber
            else { return .null }
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return y == 0 ? .null : .number(x / y)
            case .modulo:
                let divisor = y.rounded(.towardZero)
                return divisor == 0 ? .null : .number(x.truncatingRemainder(dividingBy: divisor))
            }
        case .caseWhen(let branches, let otherwise):
            for branch in branches where branch.when.evaluate(in: environment).isTruthy {
                return branch.then.evaluate(in: environment)
            }
            return otherwise?.evaluate(in: environment) ?? .null
        }
    }

    /// Whether a precondition holds for the environment (its value is truthy).
    public func holds(in environment: some ExpressionEnvironment) -> Bool {
        evaluate(in: environment).isTruthy
    }

    /// The path text of a parameter reference; nil when a computed piece is NULL.
    private static func resolve(_ path: ExpressionPath, in environment: some ExpressionEnvironment) -> String? {
        if path.segments.count == 1, case .computed(let e) = path.segments[0] {
            // `["PARAM", expr]`: GenieACS looks the value up as an object key (JavaScript `String`).
            return e.evaluate(in: environment).javaScriptString
        }
        var text = ""
        for segment in path.segments {
            switch segment {
            case .name(let name): text += name
            case .computed(let e):
                // `["PARAM", ["||", …]]`: pieces joined with `||`'s conversion.
                guard let piece = e.evaluate(in: environment).concatenationText else { return nil }
                text += piece
            }
        }
        return text
    }

    private static func call(_ name: String, _ arguments: [ExpressionValue], now: Double) -> ExpressionValue {
        switch name {
        case "NOW":
            return .number(now)
        case "UPPER", "LOWER":
            guard let text = arguments.first?.concatenationText else { return .null }
            return .string(name == "UPPER" ? text.uppercased() : text.lowercased())
        case "ROUND":
            guard let value = arguments.first, !value.isNull else { return .null }
            let digitsValue = arguments.count > 1 ? arguments[1] : .number(0)
            guard let x = value.javaScriptNumber, let digits = digitsValue.javaScriptNumber else { return .null }
            let scale = JavaScript.power(10, digits)
            let scaled = x * scale * (1 + Double.ulpOfOne)
            return .number(JavaScript.round(scaled) / scale)
        case "COALESCE":
            return arguments.first { !$0.isNull } ?? .null
        default:
            return .null
        }
    }

    /// GenieACS's `compare`: nil when either side is NULL.
    static func compare(_ a: ExpressionValue, _ b: ExpressionValue) -> Int? {
        enum Operand {
            case number(Double)
            case string(String)
        }
        func operand(_ v: ExpressionValue) -> Operand? {
            switch v {
            case .null: nil
            case .bool(let b): .number(b ? 1 : 0)
            case .number(let x): .number(x)
            case .string(let s): .string(s)
            }
        }
        guard let x = operand(a), let y = operand(b) else { return nil }
        switch (x, y) {
        case (.number(let p), .number(let q)):
            return p > q ? 1 : p < q ? -1 : 0
        case (.string(let p), .string(let q)):
            if p.utf16.elementsEqual(q.utf16) { return 0 }
            return p.utf16.lexicographicallyPrecedes(q.utf16) ? -1 : 1
        case (.string, .number):
            return 1
        case (.number, .string):
            return -1
        }
    }
}
