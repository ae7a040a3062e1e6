// The digits data: 1797 handwritten digits as 8×8 grey levels 0–16.
// E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits",
// UCI Machine Learning Repository, 1998 (CC BY 4.0), as bundled in
// scikit-learn. The text is embedded in DigitsCSV.swift; this file parses it.

public enum Digits {
  /// Number of examples, pixels per example, classes.
  public static let exampleCount = 1797
  public static let pixelCount = 64
  public static let classCount = 10

  /// All 1797 examples, pixels scaled to [0, 1] (divided by 16).
  public static func load<Scalar: RealScalar>(_: Scalar.Type = Scalar.self) throws
    -> LabeledDataset<Scalar>
  {
    try parse(DigitsCSV.text, source: "embedded digits.csv")
  }

  /// Parses digits-format CSV text: 64 integer pixels in 0…16 then a label
  /// in 0…9 per line. Errors name the line and column.
  public static func parse<Scalar: RealScalar>(_ text: String, source: String) throws
    -> LabeledDataset<Scalar>
  {
    var pixels: [Scalar] = []
    var labels: [Int] = []
    pixels.reserveCapacity(exampleCount * pixelCount)
    var offset = 0
    for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      defer { offset += line.utf8.count + 1 }
      if line.isEmpty { continue }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == pixelCount + 1 else {
        throw RepriseError.malformedFile(
          path: source, offset: offset,
          reason: "line \(lineIndex + 1) has \(fields.count) fields, expected 65")
      }
      for (column, field) in fields.enumerated() {
        let limit = column < pixelCount ? 16 : 9
        guard let value = Int(field), value >= 0, value <= limit else {
          throw RepriseError.malformedFile(
            path: source, offset: offset,
            reason:
              "line \(lineIndex + 1), column \(column + 1): '\(field)' is not an integer in 0…\(limit)"
          )
        }
        if column < pixelCount { pixels.append(Scalar(value) / 16) } else { labels.append(value) }
      }
    }
    let features = try Tensor(shape: [labels.count, pixelCount], scalars: pixels)
    return try LabeledDataset(features: features, labels: labels, classCount: classCount)
  }
}
