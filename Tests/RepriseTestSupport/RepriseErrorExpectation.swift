// The bad-input catalogues' one assertion: running a case must throw a
// `RepriseError` of an expected kind with a non-empty description; being
// accepted, or throwing any other error type, is recorded as an issue.

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
