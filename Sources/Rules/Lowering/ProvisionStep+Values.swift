/// A rule value a provision declares at a model path, found by walking its lowered steps: what
/// ``ModelValueCheck`` holds against the data model.
struct DeclaredValue {
    /// The path with instance `1` where a bound object or an ensured instance stands (`Device.WiFi.SSID.1.SSID`),
    /// for looking the parameter up.
    var path: String
    /// The path as shown: `{i}` where the instance is the one the provision finds on the device
    /// (`Device.WiFi.SSID.{i}.SSID`).
    var shown: String
    /// The value as written, items joined by `separator` for a list.
    var values: [RuleValue]
    var separator: String
}

extension ProvisionStep {
    /// The rule values `steps` declare, with the model paths they go to; fixed texts (`BeaconType`
    /// `11i`), booleans and times are Ferrule's own and left out. `underRoot` paths yield both roots.
    static func declaredValues(_ steps: [ProvisionStep]) -> [DeclaredValue] {
        var out: [DeclaredValue] = []
        walk(steps, bound: [:], into: &out)
        return out
    }

    private static func walk(
        _ steps: [ProvisionStep],
        bound: [Binding: String],
        into out: inout [DeclaredValue]
    ) {
        for step in steps {
            switch step {
            case .declare(let declaration):
                add(declaration.path, declaration.value, bound, &out)
            case .ensureInstance(let ensure):
                var inner = bound
                inner[.instance] = ensure.table
                for (key, value) in ensure.keys { add(.under(.instance, key), value, inner, &out) }
                for declaration in ensure.body { add(declaration.path, declaration.value, inner, &out) }
            case .byRoot(let tr181, let tr098):
                walk(tr181, bound: bound, into: &out)
                walk(tr098, bound: bound, into: &out)
            case .ifObjectExists(_, let then, let otherwise):
                walk(then, bound: bound, into: &out)
                walk(otherwise, bound: bound, into: &out)
            case .forRoot(_, let inner):
                walk(inner, bound: bound, into: &out)
            case .lookup(let lookup, let body):
                var inner = bound
                inner[lookup.binding] = lookup.table
                walk(body, bound: inner, into: &out)
            case .choose(_, let cases, let otherwise):
                for (_, inner) in cases { walk(inner, bound: bound, into: &out) }
                walk(otherwise, bound: bound, into: &out)
            case .refresh, .deleteInstances, .log, .script, .provisionCall:
                break
            }
        }
    }

    private static func add(
        _ path: LoweredPath,
        _ value: LoweredValue,
        _ bound: [Binding: String],
        _ out: inout [DeclaredValue]
    ) {
        let written: (values: [RuleValue], separator: String)
        switch value {
        case .template(let v): written = ([v], "")
        case .list(let items, let by): written = (items, by)
        case .text, .boolean, .fixedTime, .spreadTime, .chosen: return
        }
        let (values, separator) = written
        guard !values.isEmpty else { return }
        switch path {
        case .absolute(let p):
            out.append(DeclaredValue(path: p, shown: p, values: values, separator: separator))
        case .underRoot(let leaf):
            for root in ["Device.", "InternetGatewayDevice."] {
                out.append(
                    DeclaredValue(path: root + leaf, shown: root + leaf, values: values, separator: separator)
                )
            }
        case .under(let binding, let leaf):
            // A bound table: the provision finds (or adds) its instance on the device.
            guard let table = bound[binding] else { return }
            out.append(
                DeclaredValue(
                    path: table + "1." + leaf,
                    shown: table + "{i}." + leaf,
                    values: values,
                    separator: separator
                )
            )
        }
    }
}
