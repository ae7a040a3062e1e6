// The element types a safetensors header can name, and what Reprise does
// with each.
//
// The names and widths follow the format's `Dtype` list (huggingface
// safetensors): booleans and integers of 8–64 bits, IEEE binary16 (F16),
// bfloat16 (BF16), binary32/64, the OCP 8-bit floats (F8_E4M3 = E4M3FN,
// F8_E5M2, F8_E8M0 = the exponent-only scale format, and the AMD "FNUZ"
// variants), the OCP sub-byte floats F4 (E2M1) and F6_E2M3/F6_E3M2, and
// complex C64. Widths are in bits because F4 and F6 pack several elements
// per byte; a tensor's byte size is count × bits / 8 and must be whole.
//
// Every type is accepted in a header (so one exotic tensor never makes a
// file unreadable); `isReadable` says which Reprise can convert to Float or
// Double exactly. The others are reported by name, with the tensor, only
// when that tensor is asked for.

/// A safetensors element type (`"dtype"` in the header).
public enum SafetensorsDataType: String, Sendable, CaseIterable {
  case bool = "BOOL"
  case uint8 = "U8"
  case int8 = "I8"
  case uint16 = "U16"
  case int16 = "I16"
  case uint32 = "U32"
  case int32 = "I32"
  case uint64 = "U64"
  case int64 = "I64"
  case float16 = "F16"
  case bfloat16 = "BF16"
  case float32 = "F32"
  case float64 = "F64"
  case float8E4M3 = "F8_E4M3"
  case float8E5M2 = "F8_E5M2"
  case float8E8M0 = "F8_E8M0"
  case float8E4M3FNUZ = "F8_E4M3FNUZ"
  case float8E5M2FNUZ = "F8_E5M2FNUZ"
  case float4 = "F4"
  case float6E2M3 = "F6_E2M3"
  case float6E3M2 = "F6_E3M2"
  case complex64 = "C64"

  /// Bits per element.
  public var bitWidth: Int {
    switch self {
    case .bool, .uint8, .int8, .float8E4M3, .float8E5M2, .float8E8M0, .float8E4M3FNUZ,
      .float8E5M2FNUZ:
      return 8
    case .uint16, .int16, .float16, .bfloat16: return 16
    case .uint32, .int32, .float32: return 32
    case .uint64, .int64, .float64, .complex64: return 64
    case .float4: return 4
    case .float6E2M3, .float6E3M2: return 6
    }
  }

  /// Whether Reprise converts this type to Float/Double (exactly, or with a
  /// typed error naming the element that does not fit).
  public var isReadable: Bool {
    switch self {
    case .float8E4M3FNUZ, .float8E5M2FNUZ, .float4, .float6E2M3, .float6E3M2, .complex64:
      return false
    default: return true
    }
  }

  /// The number of data bytes `count` elements occupy, or nil when it
  /// overflows `Int` or is not a whole number of bytes.
  func byteCount(elements count: Int) -> Int? {
    let (bits, overflow) = count.multipliedReportingOverflow(by: bitWidth)
    guard !overflow, bits % 8 == 0 else { return nil }
    return bits / 8
  }
}
