// The bad-input catalogues' one assertion: running a case must throw a
// `RepriseError` of an expected kind with a non-empty description; being
// accepted, or throwing any other error type, is recorded as an issue.
// `BadInputCase` is one catalogue entry.

import RepriseCore
import Testing

extension RepriseError {
  /// The name of the error's case: "shapeMismatch", "nonFinite", "malformedFile", …
  public var kindName: String {
    Mirror(reflecting: self).children.first?.label ?? "\(self)"
  }
}

/// Checks that `body` throws a `RepriseError` whose case is one of `kinds`.
/// `name` says which input was tried (it is part of every recorded issue).
public func expectRepriseError(
  _ name: String, kinds: Set<String>, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("\(name): accepted", sourceLocation: sourceLocation)
  } catch let error as RepriseError {
    #expect(
      kinds.contains(error.kindName), "\(name): \(error) (expected \(kinds.sorted()))",
      sourceLocation: sourceLocation)
    #expect(
      !error.description.isEmpty, "\(name): empty description", sourceLocation: sourceLocation)
  } catch {
    Issue.record("\(name): untyped error \(error)", sourceLocation: sourceLocation)
  }
}

/// One entry of a bad-input catalogue: what is tried, the error kinds it may
/// throw, and the call. `check()` is the catalogue's assertion.
public struct BadInputCase: Sendable, CustomTestStringConvertible {
  public let name: String
  public let kinds: Set<String>
  public let run: @Sendable () throws -> Void
  public var testDescription: String { name }

  public init(_ name: String, _ kinds: Set<String>, _ run: @escaping @Sendable () throws -> Void) {
    (self.name, self.kinds, self.run) = (name, kinds, run)
  }

  public func check(sourceLocation: SourceLocation = #_sourceLocation) {
    expectRepriseError(name, kinds: kinds, sourceLocation: sourceLocation) { try run() }
  }
}
