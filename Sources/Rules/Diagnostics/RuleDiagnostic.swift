public import FerruleCore

/// A place in a rule file; the foundation's ``SourceLocation`` under the name Rules used first.
public typealias RuleLocation = SourceLocation

/// Something the rule compiler or linter has to say; the foundation's ``Diagnostic``.
public typealias RuleDiagnostic = Diagnostic
