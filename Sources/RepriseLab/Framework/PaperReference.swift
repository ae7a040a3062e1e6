// Where an experiment comes from: the paper it reproduces.

/// A bibliographic reference, shown by `reprise list` and in reports.
public struct PaperReference: Sendable, Equatable {
  /// Authors as cited, e.g. "Kornblith, Norouzi, Lee, Hinton".
  public var authors: String
  public var title: String
  /// Venue and year, e.g. "ICML 2019".
  public var venue: String
  public var year: Int
  /// A stable identifier such as "arXiv:1905.00414".
  public var identifier: String

  public init(authors: String, title: String, venue: String, year: Int, identifier: String) {
    self.authors = authors
    self.title = title
    self.venue = venue
    self.year = year
    self.identifier = identifier
  }

  /// "Authors (year). Title. Venue. identifier"
  public var citation: String {
    "\(authors) (\(year)). \(title). \(venue). \(identifier)"
  }

  /// The reference as it appears in `result.json` and `reproduce --json`.
  public var json: JSONValue {
    .object([
      ("authors", .string(authors)), ("title", .string(title)), ("venue", .string(venue)),
      ("year", .integer(year)), ("identifier", .string(identifier)),
    ])
  }

  /// "First author et al. year" for tables.
  public var shortCitation: String {
    let first = authors.split(separator: ",").first.map(String.init) ?? authors
    let several = authors.contains(",")
    return "\(first.trimmingSpaces)\(several ? " et al." : "") \(year)"
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
