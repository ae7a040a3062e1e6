// CRC-32 as used by ZIP, gzip and PNG (ISO 3309 / ITU-T V.42).
//
// The reflected polynomial 0xEDB88320, initial value and final XOR all ones.
// Table-driven, one byte per step with a 256-entry table built once
// (Sarwate, "Computation of cyclic redundancy checks via table look-up",
// CACM 1988). Check value: CRC-32 of the ASCII bytes "123456789" is 0xCBF43926.

public enum CRC32 {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// The CRC-32 of `bytes`, continuing from `previous` (0 to start).
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0)
    -> UInt32
  {
    var crc = ~previous
    table.withUnsafeBufferPointer { table in
      for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
    return ~crc
  }

  /// The CRC-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0) }
  }
}
