// Numeric CSV files: reading a table of numbers into a tensor, and writing one.
//
// Reading (records and quoting: CSVRecords):
// - the delimiter is comma, tab or semicolon, given or detected from the
//   first line (the most frequent of the three outside quotes);
// - a header row is given, absent, or detected: the first record is a header
//   when any of its fields is not a number;
// - every cell must be a decimal number: optional sign, digits with an
//   optional point, optional exponent ("1.5", "-.5", "3e-3"); it is rounded
//   correctly to the scalar type (Float cells are parsed as Float, not via
//   Double, so there is no double rounding);
// - NaN and infinities: rejected by default; with `allowNonFinite` the
//   spellings nan, inf, infinity (any case, optional sign) are read as the
//   IEEE values, and so is a decimal too large for the type ("1e999" as a
//   Double, "1e39" as a Float), which otherwise is an error;
// - empty cells are always an error (there is no fill value: say what a
//   missing value means before it reaches a metric);
// - every record must have as many fields as the first.
// Errors are `malformedFile` naming the file, the byte offset and
// "row R, column C" (R is the 1-based line number of the record in the file,
// C the 1-based field number), e.g. "row 17, column 3: 'abc' is not a number".
// The result is rows × columns; a header with no data rows gives
// 0 × columns, and a file with no records at all is an error.
//
// Writing: one row per line (a vector is one column), fields separated by the
// delimiter, numbers in Swift's shortest round-trip form (locale-independent:
// "0.1", "1e-05"; NaN and infinities as nan, inf, -inf), header names quoted
// when they hold the delimiter, a quote, a line break or outer spaces.

/// A numeric table read from CSV.
public struct CSVTable<Scalar: RealScalar>: Sendable, Equatable {
  /// Column names, if the file had a header row.
  public var header: [String]?
  /// The values, rows × columns.
  public var values: Tensor<Scalar>
}

public enum CSV {
  /// Whether the first record names the columns.
  public enum HeaderRow: Sendable { case present, absent, detect }

  /// Parses CSV bytes; `source` names them in errors. `delimiter` nil means detect.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func decode<Scalar: RealScalar>(
    _ bytes: [UInt8], as _: Scalar.Type = Double.self, delimiter: Character? = nil,
    header: HeaderRow = .detect, allowNonFinite: Bool = false, source: String
  ) throws -> CSVTable<Scalar> {
    let separator: UInt8
    if let delimiter {
      guard let ascii = delimiter.asciiValue, ascii != CSVRecords.quote, ascii != 0x0A,
        ascii != 0x0D
      else {
        throw RepriseError.invalidArgument(
          operation: "CSV.decode", name: "delimiter",
          reason: "'\(delimiter)' must be one ASCII character other than a quote or line break")
      }
      separator = ascii
    } else {
      separator = CSVRecords.detectDelimiter(bytes)
    }
    var records = try CSVRecords.split(bytes, delimiter: separator, source: source)
    guard !records.isEmpty else {
      throw RepriseError.malformedFile(
        path: source, offset: 0, reason: "no records (the file is empty or blank)")
    }
    var names: [String]?
    if let first = records.first {
      let isHeader: Bool
      switch header {
      case .present: isHeader = true
      case .absent: isHeader = false
      case .detect:
        isHeader = first.fields.contains {
          parse($0.text, as: Scalar.self, allowNonFinite: true) == nil
        }
      }
      if isHeader {
        names = first.fields.map(\.text)
        records.removeFirst()
      }
    }
    let columns = names?.count ?? records.first?.fields.count ?? 0
    var values: [Scalar] = []
    values.reserveCapacity(records.count * columns)
    for record in records {
      guard record.fields.count == columns else {
        throw RepriseError.malformedFile(
          path: source, offset: record.fields.first?.offset ?? 0,
          reason: "row \(record.line): \(record.fields.count) fields, expected \(columns)")
      }
      for (j, field) in record.fields.enumerated() {
        func fail(_ reason: String) -> RepriseError {
          .malformedFile(
            path: source, offset: field.offset,
            reason: "row \(record.line), column \(j + 1): \(reason)")
        }
        guard !field.text.isEmpty else { throw fail("empty cell") }
        guard let value = parse(field.text, as: Scalar.self, allowNonFinite: allowNonFinite) else {
          if parse(field.text, as: Scalar.self, allowNonFinite: true) != nil {
            throw fail(
              "'\(field.text)' is not finite in \(Scalar.typeName) (pass allowNonFinite to accept it)"
            )
          }
          throw fail("'\(field.text.prefix(40))' is not a number")
        }
        values.append(value)
      }
    }
    return CSVTable(
      header: names, values: try Tensor(shape: [records.count, columns], scalars: values))
  }

  /// Reads a CSV file (at most `maximumBytes` long).
  public static func read<Scalar: RealScalar>(
    _ path: String, as type: Scalar.Type = Double.self, delimiter: Character? = nil,
    header: HeaderRow = .detect, allowNonFinite: Bool = false, maximumBytes: Int = 1 << 32
  ) throws -> CSVTable<Scalar> {
    try decode(
      try BinaryFile.read(path, maximumBytes: maximumBytes), as: type, delimiter: delimiter,
      header: header, allowNonFinite: allowNonFinite, source: path)
  }

  /// The number in `text`, or nil if it is not one (see the grammar above).
  static func parse<Scalar: RealScalar>(_ text: String, as _: Scalar.Type, allowNonFinite: Bool)
    -> Scalar?
  {
    var utf8 = Substring(text).utf8[...]
    if let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      utf8 = utf8.dropFirst()
    }
    let word = String(decoding: utf8, as: UTF8.self).lowercased()
    if word == "nan" || word == "inf" || word == "infinity" {
      guard allowNonFinite else { return nil }
      let negative = text.hasPrefix("-")
      let value: Scalar = word == "nan" ? .nan : .infinity
      return negative ? -value : value
    }
    guard isDecimal(utf8) else { return nil }
    let value: Scalar?
    if Scalar.self == Float.self {
      value = Float(text).map { Scalar($0) }
    } else {
      value = Double(text).map { Scalar($0) }
    }
    // A decimal beyond the largest finite value rounds to infinity.
    guard let value, value.isFinite || allowNonFinite else { return nil }
    return value
  }

  /// digits [. digits] [e [sign] digits], with at least one digit before the exponent.
  static func isDecimal(_ utf8: Substring.UTF8View.SubSequence) -> Bool {
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    var i = utf8.startIndex
    var mantissaDigits = 0
    while i < utf8.endIndex, isDigit(utf8[i]) {
      mantissaDigits += 1
      i = utf8.index(after: i)
    }
    if i < utf8.endIndex, utf8[i] == UInt8(ascii: ".") {
      i = utf8.index(after: i)
      while i < utf8.endIndex, isDigit(utf8[i]) {
        mantissaDigits += 1
        i = utf8.index(after: i)
      }
    }
    guard mantissaDigits > 0 else { return false }
    if i < utf8.endIndex, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
      i = utf8.index(after: i)
      if i < utf8.endIndex, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") {
        i = utf8.index(after: i)
      }
      var exponentDigits = 0
      while i < utf8.endIndex, isDigit(utf8[i]) {
        exponentDigits += 1
        i = utf8.index(after: i)
      }
      guard exponentDigits > 0 else { return false }
    }
    return i == utf8.endIndex
  }

  /// CSV text for a vector (one column) or matrix, with an optional header.
  public static func encode<Scalar: RealScalar>(
    _ tensor: Tensor<Scalar>, header: [String]? = nil, delimiter: Character = ","
  ) throws -> String {
    guard tensor.rank == 1 || tensor.rank == 2 else {
      throw RepriseError.invalidShape(
        operation: "CSV.encode", shape: tensor.shape, reason: "needs a vector or a matrix")
    }
    let rows = tensor.rank == 2 ? tensor.shape[0] : tensor.count
    let columns = tensor.rank == 2 ? tensor.shape[1] : 1
    if let header, header.count != columns {
      throw RepriseError.shapeMismatch(
        operation: "CSV.encode header", expected: [columns], got: [header.count])
    }
    let separator = String(delimiter)
    var text = ""
    if let header {
      text += header.map { quotedIfNeeded($0, delimiter: delimiter) }.joined(separator: separator)
      text += "\n"
    }
    for i in 0..<rows {
      for j in 0..<columns {
        if j > 0 { text += separator }
        text += format(tensor.scalars[i * columns + j])
      }
      text += "\n"
    }
    return text
  }

  /// Writes a vector or matrix as CSV to `path` atomically.
  public static func write<Scalar: RealScalar>(
    _ tensor: Tensor<Scalar>, header: [String]? = nil, delimiter: Character = ",",
    to path: String
  ) throws {
    let text = try encode(tensor, header: header, delimiter: delimiter)
    try BinaryFile.writeAtomically(Array(text.utf8), to: path)
  }

  static func format<Scalar: RealScalar>(_ value: Scalar) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
  }

  static func quotedIfNeeded(_ name: String, delimiter: Character) -> String {
    let needsQuotes =
      name.contains(delimiter) || name.contains("\"") || name.contains("\n")
      || name.contains("\r") || name.hasPrefix(" ") || name.hasSuffix(" ") || name.isEmpty
    guard needsQuotes else { return name }
    return "\"" + name.replacingQuotes() + "\""
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var result = ""
    for character in self {
      if character == "\"" { result += "\"\"" } else { result.append(character) }
    }
    return result
  }
}
