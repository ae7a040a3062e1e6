// Loading a samples × features matrix from whatever file a user points at.
//
// A *matrix file specification* is a path, optionally followed by `:NAME`
// for containers: `acts.npy`, `acts.csv`, `layers.npz:layer3`,
// `model.safetensors:encoder.h3`. The format is chosen by the extension.
// Arrays of rank > 2 are flattened to n × (product of the other extents),
// the usual convention for activations (e.g. n × channels × height × width);
// a rank-1 array becomes one feature column. Every failure is a typed error
// naming the file (and member) and the reason.

/// Reads representation matrices from .npy, .npz, .safetensors and .csv files.
public enum MatrixFile {
  /// The file formats a specification can name.
  public enum Format: String, Sendable, CaseIterable {
    case npy, npz, safetensors, csv
  }

  /// Splits `spec` into a path and an optional member name, and picks the
  /// format from the path's extension.
  public static func parse(_ spec: String) throws -> (path: String, member: String?, format: Format)
  {
    for format in Format.allCases {
      let suffix = "." + format.rawValue
      if spec.hasSuffix(suffix) { return (spec, nil, format) }
      if let range = spec.firstRange(of: suffix + ":") {
        let path = String(spec[..<range.lowerBound]) + suffix
        let member = String(spec[range.upperBound...])
        guard format == .npz || format == .safetensors else {
          throw RepriseError.invalidArgument(
            operation: "MatrixFile", name: spec,
            reason: ".\(format.rawValue) files hold one array; drop ':\(member)'")
        }
        guard !member.isEmpty else {
          throw RepriseError.invalidArgument(
            operation: "MatrixFile", name: spec, reason: "empty array name after ':'")
        }
        return (path, member, format)
      }
    }
    throw RepriseError.invalidArgument(
      operation: "MatrixFile", name: spec,
      reason: "unknown file type; expected .npy, .npz[:NAME], .safetensors[:NAME] or .csv")
  }

  /// The matrix named by `spec`, as n × p Double.
  public static func load(_ spec: String) throws -> Tensor<Double> {
    let (path, member, format) = try parse(spec)
    let array: Tensor<Double>
    switch format {
    case .npy:
      array = try Npy.read(path, as: Double.self)
    case .csv:
      array = try CSV.read(path, as: Double.self).values
    case .npz:
      let archive = try NpzFile(contentsOf: path)
      let name = try choose(member, from: archive.names, path: path)
      array = try archive[name]!.tensor(as: Double.self)
    case .safetensors:
      // Lazily: the header, then only the named tensor's bytes.
      let file = try SafetensorsFile(contentsOf: path)
      let name = try choose(member, from: file.names, path: path)
      array = try file.tensor(named: name, as: Double.self)
    }
    return try asMatrix(array, source: spec)
  }

  /// The member called `member`, or the only one when none is named.
  static func choose(_ member: String?, from names: [String], path: String) throws -> String {
    if let member {
      guard names.contains(member) else {
        throw RepriseError.fileAccess(
          path: path,
          reason: "no array named '\(member)'; it holds: \(names.joined(separator: ", "))")
      }
      return member
    }
    guard names.count == 1 else {
      throw RepriseError.fileAccess(
        path: path,
        reason:
          "holds \(names.count) arrays (\(names.joined(separator: ", "))); name one as \(path):NAME"
      )
    }
    return names[0]
  }

  /// Rank 1 → n × 1; rank ≥ 2 → n × (rest); rank 0 is an error.
  static func asMatrix(_ t: Tensor<Double>, source: String) throws -> Tensor<Double> {
    switch t.rank {
    case 0:
      throw RepriseError.invalidShape(
        operation: "MatrixFile.load(\(source))", shape: t.shape,
        reason: "a scalar is not a samples × features matrix")
    case 1: return try t.reshaped([t.count, 1])
    case 2: return t
    default:
      return try t.reshaped([t.shape[0], t.shape.dropFirst().reduce(1, *)])
    }
  }
}
