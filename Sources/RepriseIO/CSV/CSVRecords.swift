// Splitting delimited text into records and fields (RFC 4180, leniently).
//
// A record ends at an unquoted \n, \r\n or \r. A field is either bare text
// up to the next delimiter, or a quoted string in which "" stands for one
// quote and delimiters and line breaks are literal; only spaces (and tabs,
// unless tab is the delimiter) may surround the quotes. Bare fields are
// trimmed of the same whitespace. Lines holding nothing but whitespace are
// skipped. A UTF-8 byte-order mark at the start is ignored. Each field keeps
// the line number (1-based) and byte offset where it starts, for error
// messages. Cost: one pass over the bytes.

struct CSVField {
  var text: String
  var wasQuoted: Bool
  var offset: Int
}

struct CSVRecord {
  /// 1-based line number where the record starts.
  var line: Int
  var fields: [CSVField]
}

enum CSVRecords {
  static let quote = UInt8(ascii: "\"")

  /// The delimiter among comma, tab and semicolon that occurs most often
  /// (outside quotes) on the first non-blank line; comma if none occurs.
  static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, 0x09: 0, UInt8(ascii: ";"): 0]
    var quoted = false
    var sawContent = false
    for byte in bytes {
      if byte == quote { quoted.toggle() }
      if !quoted && (byte == 0x0A || byte == 0x0D) {
        if sawContent { break }
        continue
      }
      if byte != 0x20 && byte != 0x09 { sawContent = true }
      if !quoted, counts[byte] != nil { counts[byte]! += 1 }
    }
    var best = UInt8(ascii: ",")
    for candidate in [0x09, UInt8(ascii: ";")] where counts[candidate]! > counts[best]! {
      best = candidate
    }
    return best
  }

  /// All non-blank records of `bytes`.
  static func split(_ bytes: [UInt8], delimiter: UInt8, source: String) throws -> [CSVRecord] {
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b == 0x09 && delimiter != 0x09) }
    var records: [CSVRecord] = []
    var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var line = 1
    let end = bytes.count
    while position < end {
      let recordLine = line
      var fields: [CSVField] = []
      var blank = true
      recordLoop: while true {
        // One field.
        while position < end, isSpace(bytes[position]) { position += 1 }
        let start = position
        var text: String
        var quoted = false
        if position < end, bytes[position] == quote {
          quoted = true
          blank = false
          var content: [UInt8] = []
          position += 1
          while true {
            guard position < end else {
              throw RepriseError.malformedFile(
                path: source, offset: start,
                reason: "row \(recordLine), column \(fields.count + 1): quoted field is not closed")
            }
            let byte = bytes[position]
            if byte == quote {
              if position + 1 < end, bytes[position + 1] == quote {
                content.append(quote)
                position += 2
                continue
              }
              position += 1
              break
            }
            if byte == 0x0A
              || (byte == 0x0D && !(position + 1 < end && bytes[position + 1] == 0x0A))
            {
              line += 1
            }
            content.append(byte)
            position += 1
          }
          text = String(decoding: content, as: UTF8.self)
          while position < end, isSpace(bytes[position]) { position += 1 }
          guard
            position == end || bytes[position] == delimiter || bytes[position] == 0x0A
              || bytes[position] == 0x0D
          else {
            throw RepriseError.malformedFile(
              path: source, offset: position,
              reason: "row \(recordLine), column \(fields.count + 1): text after a closing quote")
          }
        } else {
          var stop = position
          while stop < end, bytes[stop] != delimiter, bytes[stop] != 0x0A, bytes[stop] != 0x0D {
            stop += 1
          }
          var last = stop
          while last > position, isSpace(bytes[last - 1]) { last -= 1 }
          text = String(decoding: bytes[position..<last], as: UTF8.self)
          if last > position { blank = false }
          position = stop
        }
        fields.append(CSVField(text: text, wasQuoted: quoted, offset: start))
        // What ends the field.
        if position < end, bytes[position] == delimiter {
          blank = false
          position += 1
          continue recordLoop
        }
        if position < end, bytes[position] == 0x0D {
          position += 1
          if position < end, bytes[position] == 0x0A { position += 1 }
        } else if position < end, bytes[position] == 0x0A {
          position += 1
        }
        line += 1
        break recordLoop
      }
      if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
    }
    return records
  }
}
