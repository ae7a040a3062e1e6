import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

@Suite struct MatrixFileTests {
  @Test func specificationsNameFileMemberAndFormat() throws {
    let npz = try MatrixFile.parse("runs/a.npz:layer.3")
    #expect(npz.path == "runs/a.npz" && npz.member == "layer.3" && npz.format == .npz)
    let safetensors = try MatrixFile.parse("m.safetensors:encoder:h3")
    #expect(safetensors.path == "m.safetensors" && safetensors.member == "encoder:h3")
    #expect(try MatrixFile.parse("x.csv").format == .csv)
    #expect(try MatrixFile.parse("x.npy").member == nil)
    for bad in ["x.npy:a", "x.txt", "x.npz:", "noextension"] {
      #expect(throws: RepriseError.self, "\(bad)") { try MatrixFile.parse(bad) }
    }
  }

  @Test func loadsNpzMembersWrittenByNumpy() throws {
    let path = FixtureFiles.url("io/npz/stored.npz").path
    let weights = try MatrixFile.load(path + ":weights")
    #expect(weights.shape == [4, 3])
    #expect(weights.scalars[0].bitPattern == 0x3fea_3775_52c9_f939)
    // An integer vector becomes one feature column.
    let labels = try MatrixFile.load(path + ":labels")
    #expect(labels.shape == [5, 1] && labels.scalars == [3, 1, 4, 1, 5])
    // Several members and none named: the error lists them.
    do {
      _ = try MatrixFile.load(path)
      Issue.record("an ambiguous archive was accepted")
    } catch RepriseError.fileAccess(_, let reason) {
      #expect(reason.contains("weights") && reason.contains("labels"))
    }
    #expect(throws: RepriseError.self) { try MatrixFile.load(path + ":nothing") }
  }

  @Test func flattensHigherRankArraysAndReadsCSV() throws {
    let folder = NSTemporaryDirectory() + "reprise-matrixfile-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cube = try Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
    try Npy.write(cube, to: folder + "/cube.npy")
    let flat = try MatrixFile.load(folder + "/cube.npy")
    #expect(flat.shape == [2, 12] && flat.scalars == cube.scalars)
    try "1,2\n3,4\n5,6\n".write(toFile: folder + "/m.csv", atomically: true, encoding: .utf8)
    let csv = try MatrixFile.load(folder + "/m.csv")
    #expect(csv.shape == [3, 2] && csv.scalars == [1, 2, 3, 4, 5, 6])
    #expect(throws: RepriseError.self) { try MatrixFile.load(folder + "/missing.npy") }
  }
}
