import Foundation
import RepriseLab
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `reprise compare` in each of its modes and with each of its options,
/// checked against values computed in the test by an independent route:
/// linear CKA by its textbook formula on the same numbers, the streaming pass
/// against the in-memory one, a permutation p-value against its closed form.
@Suite struct CompareModeTests {
  // MARK: --permutations N --seed S

  /// B = A: no shuffle of B's rows reaches the observed extreme (1 for the
  /// similarities, 0 for the distances), so every p-value is the smallest
  /// possible, (1 + 0)/(N + 1) — in the JSON and in the table.
  @Test func identicalInputsGiveTheSmallestPValueForEveryMetric() throws {
    let folder = try TemporaryFolder()
    let a = try folder.writeCSV("a.csv", rows: 24, columns: 3, seed: 11)
    let n = 19
    let json = try CommandLineRun(["compare", a, a, "--permutations", "\(n)", "--json"])
    #expect(json.status == 0, "stderr: \(json.standardError)")
    let object = try parseObject(json.standardOutput)
    #expect(object["permutations"] as? Int == n)
    #expect(object["seed"] as? String == "0")
    let metrics = try #require(object["metrics"] as? [String: [String: Any]])
    #expect(metrics.count == 11, "every metric by default: \(metrics.keys.sorted())")
    for (name, entry) in metrics {
      let p = try #require(entry["p_value"] as? Double, "\(name) has no p_value")
      #expect(p == 1 / Double(n + 1), "\(name): p = \(p), closed form 1/\(n + 1)")
    }
    let table = try CommandLineRun(["compare", a, a, "--permutations", "\(n)"])
    #expect(table.status == 0, "stderr: \(table.standardError)")
    let metricLines = table.standardOutput.split(separator: "\n").filter { $0.contains("p = ") }
    #expect(metricLines.count == 11, "one p-value per metric line:\n\(table.standardOutput)")
    #expect(metricLines.allSatisfy { $0.contains("p = 0.05") })
  }

  /// The same seed gives the same bytes; another seed draws other shuffles.
  @Test func theSeedFixesThePermutations() throws {
    let folder = try TemporaryFolder()
    let a = try folder.writeCSV("a.csv", rows: 20, columns: 3, seed: 12)
    let b = try folder.writeCSV("b.csv", rows: 20, columns: 2, seed: 13)
    func run(_ seed: String) throws -> String {
      let run = try CommandLineRun([
        "compare", a, b, "--metrics", "cka,cca,procrustes", "--permutations", "40", "--seed",
        seed, "--json",
      ])
      #expect(run.status == 0, "stderr: \(run.standardError)")
      return run.standardOutput
    }
    let first = try run("7")
    #expect(try run("7") == first, "same seed, same output bit for bit")
    let other = try run("8")
    #expect(other != first, "seed 8 should draw other shuffles than seed 7")
    let pFirst = try pValues(first)
    let pOther = try pValues(other)
    #expect(pFirst.keys.sorted() == ["cca", "cka", "procrustes"])
    #expect(pFirst != pOther, "p-values \(pFirst) for both seeds")
    for p in pFirst.values { #expect(p >= 1.0 / 41 && p <= 1, "p = \(p) outside [1/41, 1]") }
  }

  // MARK: --layers with --svg

  /// Every cell of the layer × layer table equals linear CKA computed in the
  /// test by its formula ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) on centred columns, and
  /// the heatmap is well-formed XML with one row of cells per A layer and
  /// every layer's file name as a label.
  @Test func layersTableMatchesCKAAndTheHeatmapHasEveryCell() throws {
    let folder = try TemporaryFolder()
    let base = try uniformRows(30, columns: 3, seed: 21)
    let noise = try uniformRows(30, columns: 3, seed: 22)
    let aLayers: [[[Double]]] = [
      base, zip(base, noise).map { zip($0, $1).map { $0 + 0.3 * $1 } },
      try uniformRows(30, columns: 4, seed: 23),
    ]
    let bLayers: [[[Double]]] = [
      base.map { [2 * $0[1] - 1, $0[0], $0[2] * 0.5] }, try uniformRows(30, columns: 2, seed: 24),
    ]
    let aFiles = try aLayers.enumerated().map { try folder.write("layerA\($0).csv", $1) }
    let bFiles = try bLayers.enumerated().map { try folder.write("layerB\($0).csv", $1) }
    let svg = folder.path("heatmap.svg")
    let arguments = [
      "compare", "--layers", aFiles.joined(separator: ","), bFiles.joined(separator: ","),
      "--svg", svg,
    ]
    let run = try CommandLineRun(arguments + ["--json"])
    #expect(run.status == 0, "stderr: \(run.standardError)")
    let object = try parseObject(run.standardOutput)
    #expect(object["metric"] as? String == "cka")
    let values = try #require(object["values"] as? [[Double]])
    #expect(values.count == 3 && values.allSatisfy { $0.count == 2 })
    for (i, x) in aLayers.enumerated() {
      for (j, y) in bLayers.enumerated() {
        let expected = textbookLinearCKA(x, y)
        #expect(abs(values[i][j] - expected) < 1e-12, "[\(i)][\(j)] \(values[i][j]) vs \(expected)")
      }
    }
    #expect(abs(values[0][0] - 1) > 1e-3, "B0 is not an orthogonal map of A0, so CKA < 1")

    let cells = try heatmapCells(svg)
    #expect(Set(cells.map(\.y)).count == 3, "one row of cells per A layer")
    #expect(cells.count >= 3 && cells.count <= 6, "at most one rectangle per cell")
    let rowWidths = Dictionary(grouping: cells, by: \.y).mapValues { $0.map(\.width).reduce(0, +) }
    let widths = Array(rowWidths.values)
    #expect(widths.allSatisfy { abs($0 - widths[0]) < 1e-6 }, "each row spans the plot: \(widths)")
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    for name in ["layerA0.csv", "layerA1.csv", "layerA2.csv", "layerB0.csv", "layerB1.csv"] {
      #expect(text.contains(">\(name)<"), "label \(name) missing")
    }

    let table = try CommandLineRun(arguments)
    #expect(table.status == 0, "stderr: \(table.standardError)")
    let lines = table.standardOutput.split(separator: "\n")
    for (i, row) in values.enumerated() {
      let line = try #require(lines.first { $0.hasPrefix("layerA\(i).csv") })
      let printed = line.split(separator: " ").dropFirst().compactMap { Double($0) }
      #expect(
        printed.count == 2 && zip(printed, row).allSatisfy { abs($0 - $1) <= 5e-7 }, "\(line)")
    }
    #expect(table.standardOutput.contains("columns: B0 = layerB0.csv, B1 = layerB1.csv"))
    #expect(table.standardOutput.contains("wrote \(svg)"))
  }

  // MARK: --stream

  /// The chunked pass gives the in-memory CKA, mean canonical correlation and
  /// Procrustes distance of the same .npy files, for Double and Float files
  /// and for chunks of 1, 7 and all rows (Double: the same bits whatever the
  /// chunking, as CrossProductAccumulator promises).
  @Test(arguments: ["f8", "f4"])
  func streamingEqualsInMemory(dtype: String) throws {
    let folder = try TemporaryFolder()
    let x = try uniformRows(40, columns: 4, seed: 31)
    let y = try uniformRows(40, columns: 3, seed: 32).enumerated().map { i, row in
      row.enumerated().map { $1 + 0.8 * x[i][$0] + 100 }  // shares signal with X, far from 0
    }
    let a = try writeNpy(folder.path("a.npy"), x, dtype: dtype)
    let b = try writeNpy(folder.path("b.npy"), y, dtype: dtype)
    let metrics = ["cka", "cca", "procrustes"]
    let memory = try CommandLineRun([
      "compare", a, b, "--metrics", metrics.joined(separator: ","), "--json",
    ])
    #expect(memory.status == 0, "stderr: \(memory.standardError)")
    let expected = try metricValues(memory.standardOutput)
    let ckaByFormula = textbookLinearCKA(
      try readNpy(a, dtype: dtype), try readNpy(b, dtype: dtype))
    #expect(abs(expected["cka"]! - ckaByFormula) < 1e-12)
    var streamed: [[String: Double]] = []
    for chunk in ["1", "7", "40"] {
      let run = try CommandLineRun(["compare", "--stream", a, b, "--chunk", chunk, "--json"])
      #expect(run.status == 0, "stderr: \(run.standardError)")
      let object = try parseObject(run.standardOutput)
      #expect(object["chunk_rows"] as? Int == Int(chunk))
      #expect(object["samples"] as? Int == 40)
      let values = try metricValues(run.standardOutput)
      #expect(values.keys.sorted() == metrics.sorted())
      for name in metrics {
        // Measured: they agree to a few ulps (B sits near 100, the shift removes it).
        #expect(
          abs(values[name]! - expected[name]!) <= 1e-13,
          "\(name), chunk \(chunk): streamed \(values[name]!), in memory \(expected[name]!)")
      }
      streamed.append(values)
    }
    #expect(streamed.allSatisfy { $0 == streamed[0] }, "same bits for every chunking")
    let table = try CommandLineRun(["compare", "--stream", a, b])
    #expect(table.status == 0)
    #expect(table.standardOutput.contains("streamed 40 rows in 1 chunk of at most"))
    for name in metrics {
      #expect(table.standardOutput.split(separator: "\n").contains { $0.hasPrefix(name + " ") })
    }
  }

  @Test func streamRejectsMismatchedRowCountsNamingBothFiles() throws {
    let folder = try TemporaryFolder()
    let a = try writeNpy(folder.path("rows6.npy"), try uniformRows(6, columns: 2, seed: 1))
    let b = try writeNpy(folder.path("rows5.npy"), try uniformRows(5, columns: 2, seed: 2))
    let run = try CommandLineRun(["compare", "--stream", a, b])
    #expect(run.status == 1, "stderr: \(run.standardError)")
    let lines = run.standardError.split(separator: "\n")
    #expect(lines.count == 1, "one line: \(run.standardError)")
    for text in ["rows6.npy", "rows5.npy", "6 rows", "5"] {
      #expect(run.standardError.contains(text), "'\(text)' missing: \(run.standardError)")
    }
  }

  /// A NaN in the second file, met in the third chunk, is reported with that
  /// file and the row counted from the start of the file — not printed as a result.
  @Test func streamNamesTheFileAndRowOfANonFiniteValue() throws {
    let folder = try TemporaryFolder()
    var rows = try uniformRows(8, columns: 3, seed: 5)
    rows[5][1] = .nan
    let a = try writeNpy(folder.path("clean.npy"), try uniformRows(8, columns: 2, seed: 6))
    let b = try writeNpy(folder.path("with-nan.npy"), rows)
    let run = try CommandLineRun(["compare", "--stream", a, b, "--chunk", "2"])
    #expect(run.status == 1, "stdout: \(run.standardOutput)")
    #expect(run.standardOutput.isEmpty)
    for text in ["with-nan.npy", "row 5", "column 1"] {
      #expect(run.standardError.contains(text), "'\(text)' missing: \(run.standardError)")
    }
  }

  // MARK: containers: a safetensors tensor by name, an .npz member

  /// A tensor picked by name from a safetensors file (Float, rank 3, so
  /// flattened to samples × 6) gives the same CKA as the same numbers in a
  /// CSV, and CKA by the textbook formula; a missing name lists the tensors.
  @Test func safetensorsTensorByName() throws {
    let folder = try TemporaryFolder()
    let rows = try uniformRows(12, columns: 6, seed: 41)
    let floats = rows.map { $0.map { Double(Float($0)) } }  // what a Float tensor holds
    let other = try uniformRows(12, columns: 2, seed: 42)
    let path = folder.path("model.safetensors")
    try Safetensors.write(
      [
        ("encoder.h1", .float64(try Tensor(shape: [12, 2], scalars: other.flatMap { $0 }))),
        (
          "encoder.h3",
          .float32(try Tensor(shape: [12, 2, 3], scalars: rows.flatMap { $0 }.map { Float($0) }))
        ),
      ], to: path)
    let csv = try folder.write("h3.csv", floats)
    let b = try folder.write("b.csv", other)
    let fromTensor = try CommandLineRun([
      "compare", path + ":encoder.h3", b, "--metrics", "cka,cca", "--json",
    ])
    #expect(fromTensor.status == 0, "stderr: \(fromTensor.standardError)")
    let object = try parseObject(fromTensor.standardOutput)
    #expect(object["a_features"] as? Int == 6, "rank 3 flattened to 12 × 6")
    let fromCSV = try CommandLineRun(["compare", csv, b, "--metrics", "cka,cca", "--json"])
    #expect(try metricValues(fromTensor.standardOutput) == metricValues(fromCSV.standardOutput))
    let cka = try #require(try metricValues(fromTensor.standardOutput)["cka"])
    #expect(abs(cka - textbookLinearCKA(floats, other)) < 1e-12)

    let both = try CommandLineRun([
      "compare", path + ":encoder.h3", path + ":encoder.h1", "--metrics", "cka", "--json",
    ])
    #expect(try metricValues(both.standardOutput)["cka"] == cka, "both sides from one file")

    let missing = try CommandLineRun(["compare", path + ":decoder", b])
    #expect(missing.status == 1)
    #expect(missing.standardError.contains("decoder"), "stderr: \(missing.standardError)")
    #expect(missing.standardError.contains("encoder.h1, encoder.h3"))
    let unnamed = try CommandLineRun(["compare", path, b])
    #expect(unnamed.status == 1)
    #expect(unnamed.standardError.contains("name one"), "stderr: \(unnamed.standardError)")
  }

  @Test func npzMemberByName() throws {
    let folder = try TemporaryFolder()
    let rows = try uniformRows(10, columns: 3, seed: 51)
    let other = try uniformRows(10, columns: 2, seed: 52)
    let path = folder.path("acts.npz")
    try NpzFile([
      ("layer2", NpyArray(try Tensor(shape: [10, 3], scalars: rows.flatMap { $0 }))),
      ("layer3", NpyArray(try Tensor(shape: [10, 2], scalars: other.flatMap { $0 }))),
    ]).write(to: path)
    let run = try CommandLineRun([
      "compare", path + ":layer2", path + ":layer3", "--metrics", "cka", "--json",
    ])
    #expect(run.status == 0, "stderr: \(run.standardError)")
    let cka = try #require(try metricValues(run.standardOutput)["cka"])
    #expect(abs(cka - textbookLinearCKA(rows, other)) < 1e-12)
  }

  // MARK: options that do nothing in the chosen mode are usage errors

  @Test(arguments: [
    (["a.csv", "b.csv", "--svg", "x.svg"], "--svg does not apply with two inputs"),
    (["a.csv", "b.csv", "--chunk", "10"], "--chunk does not apply with two inputs"),
    (["a.csv", "b.csv", "--seed", "3"], "--seed does nothing without --permutations"),
    (["--layers", "a.csv", "b.csv", "--permutations", "5"], "--permutations does not apply"),
    (["--layers", "a.csv", "b.csv", "--seed", "5"], "--seed does not apply with --layers"),
    (["--layers", "a.csv", "b.csv", "--chunk", "5"], "--chunk does not apply with --layers"),
    (["--layers", "a.csv", "b.csv", "--metrics", "cka,cca"], "--layers tables one metric"),
    (["--stream", "a.npy", "b.npy", "--svg", "x.svg"], "--svg does not apply with --stream"),
    (["--stream", "a.npy", "b.npy", "--permutations", "5"], "--permutations does not apply"),
    (["--stream", "a.npy", "b.npy", "--layers"], "--layers does not apply with --stream"),
    (["--stream", "a.npy", "b.npy", "--metrics", "pwcca"], "--stream supports cka, cca"),
    (["--stream", "a.csv", "b.npy"], "--stream reads .npy files only; got 'a.csv'"),
    (["--stream", "a.npy", "b.npy", "--chunk", "0"], "--chunk must be an integer"),
    (["a.csv", "b.csv", "--metrics", ","], "--metrics needs at least one"),
  ])
  func optionsOutsideTheirModeAreUsageErrors(arguments: [String], reason: String) throws {
    // The check comes before any file is opened: none of these files exist.
    let run = try CommandLineRun(["compare"] + arguments)
    #expect(run.status == 2, "\(arguments): exit \(run.status), stderr: \(run.standardError)")
    let firstLine = run.standardError.split(separator: "\n").first.map(String.init) ?? ""
    #expect(firstLine.contains(reason), "first line '\(firstLine)' should contain '\(reason)'")
    #expect(run.standardError.contains("usage: reprise compare"))
  }
}

// MARK: - Independent values and file helpers

/// Linear CKA by its definition on column-centred data (Kornblith et al.
/// 2019, eq. for the feature-space form), with plain loops in Double.
func textbookLinearCKA(_ x: [[Double]], _ y: [[Double]]) -> Double {
  func centred(_ m: [[Double]]) -> [[Double]] {
    let n = Double(m.count)
    let means = (0..<m[0].count).map { j in m.reduce(0) { $0 + $1[j] } / n }
    return m.map { row in row.enumerated().map { $1 - means[$0] } }
  }
  func crossNormSquared(_ a: [[Double]], _ b: [[Double]]) -> Double {
    var total = 0.0
    for i in 0..<a[0].count {
      for j in 0..<b[0].count {
        var dot = 0.0
        for r in a.indices { dot += a[r][i] * b[r][j] }
        total += dot * dot
      }
    }
    return total
  }
  let (cx, cy) = (centred(x), centred(y))
  return crossNormSquared(cy, cx)
    / (crossNormSquared(cx, cx).squareRoot() * crossNormSquared(cy, cy).squareRoot())
}

/// Writes a C-order .npy by hand (header as numpy writes it), "f8" or "f4".
func writeNpy(_ path: String, _ rows: [[Double]], dtype: String = "f8") throws -> String {
  var header =
    "{'descr': '<\(dtype)', 'fortran_order': False, 'shape': (\(rows.count), \(rows[0].count)), }"
  while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
  header += "\n"
  var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
  bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)]
  bytes += Array(header.utf8)
  for value in rows.joined() {
    if dtype == "f4" {
      withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 }
    } else {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }
  }
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return path
}

/// The values a .npy written by `writeNpy` holds (Float values widened).
func readNpy(_ path: String, dtype: String) throws -> [[Double]] {
  let tensor = try Npy.read(path, as: Double.self)
  let columns = tensor.shape[1]
  return (0..<tensor.shape[0]).map { Array(tensor.scalars[($0 * columns)..<(($0 + 1) * columns)]) }
}

func parseObject(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// `metrics.NAME.value` of a compare JSON document.
func metricValues(_ text: String) throws -> [String: Double] {
  let metrics = try #require(try parseObject(text)["metrics"] as? [String: [String: Any]])
  return metrics.compactMapValues { $0["value"] as? Double }
}

func pValues(_ text: String) throws -> [String: Double] {
  let metrics = try #require(try parseObject(text)["metrics"] as? [String: [String: Any]])
  return metrics.compactMapValues { $0["p_value"] as? Double }
}

/// The rectangles of the heatmap, the first `<g shape-rendering="crispEdges">`
/// (the colour bar's strips are the second), read with an XML parser, so the
/// file must be well-formed XML.
func heatmapCells(_ path: String) throws -> [(y: Double, width: Double)] {
  let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
  let root = try #require(document.rootElement())
  #expect(root.localName == "svg")
  let rects = try root.nodes(
    forXPath: "(//*[local-name()='g'][@shape-rendering='crispEdges'])[1]/*[local-name()='rect']")
  func number(_ rect: XMLElement, _ name: String) -> Double {
    let attribute = rect.attributes?.first { ($0.localName ?? $0.name) == name }
    return Double(attribute?.stringValue ?? "") ?? .nan
  }
  return rects.compactMap { $0 as? XMLElement }.map { (number($0, "y"), number($0, "width")) }
}
