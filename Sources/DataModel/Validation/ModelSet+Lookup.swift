extension ModelSet {
    /// The definition of the parameter at an instance path (`Device.WiFi.Radio.1.Channel`), with the
    /// label of the model that defines it; nil when no loaded model has it.
    public func parameter(at path: String) -> (model: String, definition: ParameterDefinition)? {
        guard let (model, generic) = resolve(path), let definition = model.parameters[generic] else { return nil }
        return (label(model), definition)
    }

    /// The definition of the object or table at a path (`Device.WiFi.SSID.` or `Device.WiFi.SSID.{i}.`).
    public func object(at path: String) -> (model: String, definition: ObjectDefinition)? {
        let dotted = path.hasSuffix(".") ? path : path + "."
        guard let (model, generic) = resolve(dotted) else { return nil }
        if let definition = model.objects[generic] { return (label(model), definition) }
        if let table = model.objects[generic + "{i}."] { return (label(model), table) }
        return nil
    }

    /// What is wrong with `value` for a parameter (lexical form, size, range, enumeration, pattern,
    /// list, IP text, a deleted enumeration value), in the validator's codes; empty when the value
    /// fits. Deprecated and obsoleted values are not problems here: they are still allowed.
    public func problems(with value: String, for definition: ParameterDefinition) -> [(
        code: FindingCode, expected: String
    )] {
        checker.check(value, against: definition.syntax).filter { $0.severity == .error }.map { ($0.code, $0.expected) }
    }
}
