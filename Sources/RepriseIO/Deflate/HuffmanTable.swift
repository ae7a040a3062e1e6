// Canonical Huffman codes for DEFLATE, decoded by a single table lookup.
//
// RFC 1951 §3.2.2: a code is fully described by the bit length of each
// symbol's codeword; codewords of equal length are consecutive integers in
// symbol order, and shorter codes come first. DEFLATE sends codewords most
// significant bit first while everything else is packed least significant bit
// first, so the table is indexed by the next L input bits as they arrive,
// L being the longest codeword (at most 15): entry r holds the symbol whose
// bit-reversed codeword is a prefix of r, and its length. Every index
// extending a codeword shares its entry, so building costs 2^L stores per
// table and decoding one lookup per symbol.
//
// Lengths must satisfy Kraft's inequality: an over-subscribed set (more
// codewords than the lengths allow) is an error. An incomplete set is allowed
// (RFC 1951 permits a single one-bit distance code); its unused indices stay
// empty and decoding one is an error.

struct HuffmanTable {
  static let maximumLength = 15
  /// symbol << 4 | length; 0 marks an index no codeword reaches.
  var entries: [UInt32]
  /// The longest codeword: the table has 2^indexBits entries.
  var indexBits: Int

  /// The table for the given code lengths (0 = symbol unused); nil if the
  /// lengths are over-subscribed or longer than 15 bits.
  init?(lengths: [UInt8]) {
    var counts = [Int](repeating: 0, count: HuffmanTable.maximumLength + 1)
    for length in lengths {
      guard length <= HuffmanTable.maximumLength else { return nil }
      counts[Int(length)] += 1
    }
    counts[0] = 0
    var available = 1
    for length in 1...HuffmanTable.maximumLength {
      available = available * 2 - counts[length]
      guard available >= 0 else { return nil }
    }
    // First codeword of each length (RFC 1951 §3.2.2, step 2).
    var next = [Int](repeating: 0, count: HuffmanTable.maximumLength + 2)
    var code = 0
    for length in 1...HuffmanTable.maximumLength {
      code = (code + counts[length - 1]) << 1
      next[length] = code
    }
    indexBits = max(1, Int(lengths.max() ?? 1))
    entries = [UInt32](repeating: 0, count: 1 << indexBits)
    for (symbol, length) in lengths.enumerated() where length > 0 {
      let bits = Int(length)
      let codeword = next[bits]
      next[bits] += 1
      var reversed = 0
      for k in 0..<bits where codeword & (1 << k) != 0 { reversed |= 1 << (bits - 1 - k) }
      let entry = UInt32(symbol) << 4 | UInt32(bits)
      var index = reversed
      while index < entries.count {
        entries[index] = entry
        index += 1 << bits
      }
    }
  }

  /// Lengths of the fixed literal/length code (RFC 1951 §3.2.6).
  static let fixedLiteralLengths: [UInt8] =
    [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
    + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)

  static let fixedLiterals = HuffmanTable(lengths: fixedLiteralLengths)!
  /// Distance symbols 30 and 31 have codewords but are invalid (§3.2.6).
  static let fixedDistances = HuffmanTable(lengths: [UInt8](repeating: 5, count: 32))!
}
