// Checkpoints: a parameter store saved as a safetensors file.
//
// Each parameter is stored under its name with its shape and scalar type;
// the metadata records the format and a digest of the parameter bits, so a
// checkpoint can be checked without loading it into a model. Loading
// requires the same names and shapes as the store it loads into (the model
// is rebuilt by code; the checkpoint holds only numbers) and replaces the
// values in place; masks and freeze flags belong to the code, not the file.
import RepriseIO

extension ParameterStore {
  /// Writes every parameter to `path` (atomically).
  public func saveCheckpoint(to path: String, metadata: [String: String] = [:]) throws {
    let tensors: [(String, SafetensorsTensor)] = zip(names, values).map { name, value in
      if Scalar.self == Float.self {
        return (
          name,
          .float32(try! Tensor<Float>(shape: value.shape, scalars: value.scalars.map { Float($0) }))
        )
      }
      return (
        name,
        .float64(try! Tensor<Double>(shape: value.shape, scalars: value.scalars.map { Double($0) }))
      )
    }
    var info = metadata
    info["format"] = "reprise-parameters"
    info["digest"] = bitDigest(values.flatMap(\.scalars))
    try Safetensors.write(tensors, metadata: info, to: path)
  }

  /// Replaces every parameter's value with the one stored under its name.
  public mutating func loadCheckpoint(from path: String) throws {
    let (tensors, _) = try Safetensors.read(path)
    var byName: [String: SafetensorsTensor] = [:]
    for (name, tensor) in tensors { byName[name] = tensor }
    for id in ids {
      let name = names[id.index]
      guard let stored = byName[name] else {
        throw RepriseError.malformedFile(path: path, offset: 0, reason: "no tensor named '\(name)'")
      }
      let value: Tensor<Scalar>
      switch stored {
      case .float32(let t) where Scalar.self == Float.self:
        value = try Tensor(shape: t.shape, scalars: t.scalars.map { Scalar($0) })
      case .float64(let t) where Scalar.self == Double.self:
        value = try Tensor(shape: t.shape, scalars: t.scalars.map { Scalar($0) })
      default:
        throw RepriseError.malformedFile(
          path: path, offset: 0, reason: "tensor '\(name)' is not stored as \(Scalar.typeName)")
      }
      guard value.shape == values[id.index].shape else {
        throw RepriseError.malformedFile(
          path: path, offset: 0,
          reason:
            "tensor '\(name)' has shape \(value.shape), the model expects \(values[id.index].shape)"
        )
      }
      try setValue(value, for: id)
    }
  }
}
