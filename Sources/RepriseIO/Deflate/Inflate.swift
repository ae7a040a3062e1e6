// Decompressing a raw DEFLATE stream (RFC 1951), treating the input as hostile.
//
// The stream is a sequence of blocks, each starting with a last-block bit and
// a two-bit type: stored (a byte-aligned length, its one's complement and the
// raw bytes), fixed Huffman (the code tables of §3.2.6) or dynamic Huffman
// (the code lengths themselves Huffman-coded, §3.2.7). Compressed blocks are
// literals, an end-of-block symbol, and length/distance pairs that copy
// earlier output (LZ77). Bits are read least significant first through a
// 64-bit buffer; codes are decoded with HuffmanTable.
//
// Every malformed stream is a typed error with the byte offset: reserved
// block type, stored length that fails its complement check, over-subscribed
// or incomplete-and-hit codes, a repeat of a code length with none before, too
// many code lengths, a missing end-of-block code, length and distance symbols
// outside the alphabet, a distance reaching before the start of the output,
// and input ending early. Output is bounded by the caller: a stream that would
// produce more than `maximumOutputBytes` stops with an error as soon as it
// passes the bound, so a small "zip bomb" cannot exhaust memory. Cost: linear
// in input plus output, plus at most 2^15 table entries per dynamic block.

public enum Inflate {
  /// Decompresses `input`. `maximumOutputBytes` bounds the result;
  /// `source` names the stream in errors (e.g. "file.npz member x.npy").
  public static func decompress(
    _ input: UnsafeRawBufferPointer, maximumOutputBytes: Int, source: String
  ) throws -> [UInt8] {
    var state = InflateState(input: input, limit: maximumOutputBytes, source: source)
    try state.run()
    return state.output
  }

  /// Decompresses the bytes of an array.
  public static func decompress(_ input: [UInt8], maximumOutputBytes: Int, source: String) throws
    -> [UInt8]
  {
    try input.withUnsafeBytes {
      try decompress($0, maximumOutputBytes: maximumOutputBytes, source: source)
    }
  }
}

struct InflateState {
  let input: UnsafeRawBufferPointer
  let limit: Int
  let source: String
  var output: [UInt8] = []
  /// Next input byte to load into the bit buffer.
  var position = 0
  var buffer: UInt64 = 0
  var bitCount = 0

  init(input: UnsafeRawBufferPointer, limit: Int, source: String) {
    self.input = input
    self.limit = limit
    self.source = source
    output.reserveCapacity(min(limit, max(input.count * 4, 1024)))
  }

  func fail(_ reason: String) -> RepriseError {
    .malformedFile(
      path: source, offset: max(0, position - bitCount / 8), reason: "deflate: \(reason)")
  }

  mutating func refill() {
    while bitCount <= 56 && position < input.count {
      buffer |= UInt64(input[position]) << UInt64(bitCount)
      position += 1
      bitCount += 8
    }
  }

  mutating func bits(_ n: Int) throws -> Int {
    if bitCount < n { refill() }
    guard bitCount >= n else { throw fail("stream ends early") }
    let value = Int(buffer & ((1 << UInt64(n)) - 1))
    buffer >>= UInt64(n)
    bitCount -= n
    return value
  }

  mutating func decode(_ table: HuffmanTable) throws -> Int {
    if bitCount < table.indexBits { refill() }
    let entry = table.entries[Int(buffer & ((1 << UInt64(table.indexBits)) - 1))]
    let length = Int(entry & 15)
    guard length > 0 else { throw fail("bit pattern matches no Huffman code") }
    guard length <= bitCount else { throw fail("stream ends early") }
    buffer >>= UInt64(length)
    bitCount -= length
    return Int(entry >> 4)
  }

  mutating func run() throws {
    var last = false
    while !last {
      last = try bits(1) == 1
      switch try bits(2) {
      case 0: try storedBlock()
      case 1: try compressedBlock(literals: .fixedLiterals, distances: .fixedDistances)
      case 2:
        let (literals, distances) = try dynamicTables()
        try compressedBlock(literals: literals, distances: distances)
      default: throw fail("reserved block type 3")
      }
    }
  }

  mutating func storedBlock() throws {
    // Drop to the byte boundary, then read LEN and NLEN.
    _ = try bits(bitCount % 8)
    let length = try bits(16)
    let complement = try bits(16)
    guard length == ~complement & 0xFFFF else {
      throw fail("stored block length \(length) does not match its complement")
    }
    // Bytes still in the bit buffer come first.
    var remaining = length
    while remaining > 0 && bitCount >= 8 {
      try append(UInt8(try bits(8)))
      remaining -= 1
    }
    guard remaining <= input.count - position else { throw fail("stored block ends early") }
    guard output.count <= limit - remaining else { throw exceeded() }
    output.append(
      contentsOf: UnsafeRawBufferPointer(rebasing: input[position..<position + remaining]))
    position += remaining
  }

  func exceeded() -> RepriseError {
    fail("output exceeds the limit of \(limit) bytes")
  }

  mutating func append(_ byte: UInt8) throws {
    guard output.count < limit else { throw exceeded() }
    output.append(byte)
  }

  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  mutating func dynamicTables() throws -> (HuffmanTable, HuffmanTable) {
    let literalCount = try bits(5) + 257
    let distanceCount = try bits(5) + 1
    let lengthCodeCount = try bits(4) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw fail(
        "\(literalCount) literal/length or \(distanceCount) distance codes (at most 286 and 30)")
    }
    var lengthLengths = [UInt8](repeating: 0, count: 19)
    for k in 0..<lengthCodeCount {
      lengthLengths[InflateState.codeLengthOrder[k]] = UInt8(try bits(3))
    }
    guard let lengthTable = HuffmanTable(lengths: lengthLengths) else {
      throw fail("over-subscribed code-length code")
    }
    var lengths: [UInt8] = []
    let total = literalCount + distanceCount
    while lengths.count < total {
      let symbol = try decode(lengthTable)
      var repeated: UInt8 = 0
      var count = 1
      switch symbol {
      case 0...15: repeated = UInt8(symbol)
      case 16:
        guard let previous = lengths.last else {
          throw fail("repeat of a code length with none before")
        }
        repeated = previous
        count = 3 + (try bits(2))
      case 17: count = 3 + (try bits(3))
      default: count = 11 + (try bits(7))
      }
      guard lengths.count + count <= total else { throw fail("code lengths overrun the alphabet") }
      lengths += [UInt8](repeating: repeated, count: count)
    }
    guard lengths[256] > 0 else { throw fail("dynamic block has no end-of-block code") }
    guard let literals = HuffmanTable(lengths: Array(lengths[..<literalCount])),
      let distances = HuffmanTable(lengths: Array(lengths[literalCount...]))
    else { throw fail("over-subscribed literal/length or distance code") }
    return (literals, distances)
  }

  static let lengthBase: [Int] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
  ]
  static let lengthExtra: [Int] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  static let distanceBase: [Int] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  static let distanceExtra: [Int] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]

  mutating func compressedBlock(literals: HuffmanTable, distances: HuffmanTable) throws {
    while true {
      let symbol = try decode(literals)
      if symbol < 256 {
        try append(UInt8(symbol))
        continue
      }
      if symbol == 256 { return }
      let lengthIndex = symbol - 257
      guard lengthIndex < 29 else { throw fail("invalid length symbol \(symbol)") }
      let length =
        InflateState.lengthBase[lengthIndex] + (try bits(InflateState.lengthExtra[lengthIndex]))
      let distanceSymbol = try decode(distances)
      guard distanceSymbol < 30 else { throw fail("invalid distance symbol \(distanceSymbol)") }
      let distance =
        InflateState.distanceBase[distanceSymbol]
        + (try bits(InflateState.distanceExtra[distanceSymbol]))
      guard distance <= output.count else {
        throw fail(
          "distance \(distance) reaches before the start of the output (\(output.count) bytes)")
      }
      guard output.count <= limit - length else { throw exceeded() }
      let start = output.count - distance
      if distance >= length {
        output.append(contentsOf: output[start..<start + length])
      } else {
        for k in 0..<length { output.append(output[start + k]) }
      }
    }
  }
}
