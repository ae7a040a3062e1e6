// The self-contained HTML report written by `reprise reproduce all`.
//
// One page, no external files or scripts: a summary table of every
// experiment, then a section per experiment with its paper, its claims
// (statement, value, threshold, PASS/FAIL), its figures inlined as SVG and
// its measured numbers in a collapsible table.

/// One experiment's entry in the report: a result, or the error that stopped it.
public enum ReportEntry: Sendable {
  case finished(ExperimentResult)
  case failed(name: String, paper: PaperReference, error: String)
}

public enum ReportPage {
  /// The page for `entries`, run with `seed`, size and thread count as given.
  public static func html(
    entries: [ReportEntry], seed: UInt64, quick: Bool, totalSeconds: Double
  ) -> String {
    var body = ""
    let heldCount = entries.filter {
      if case .finished(let result) = $0 { return result.passed }
      return false
    }.count
    body += "<h1>Reprise reproduction report</h1>\n"
    body +=
      "<p class=\"meta\">\(heldCount) of \(entries.count) experiments hold every claim · seed \(seed) · \(quick ? "quick" : "full") sizes · \(Format.fixed(totalSeconds, digits: 1)) s · \(ThreadSettings.defaultCount) thread\(ThreadSettings.defaultCount == 1 ? "" : "s") · \(escape(Machine.description))</p>\n"
    body +=
      "<table class=\"summary\"><tr><th>experiment</th><th>paper</th><th>claims</th><th>time</th></tr>\n"
    for entry in entries {
      switch entry {
      case .finished(let result):
        let held = result.claims.filter(\.passed).count
        body +=
          "<tr><td><a href=\"#\(result.experiment)\">\(result.experiment)</a></td><td>\(escape(result.paper.shortCitation)), \(escape(result.paper.venue))</td><td class=\"\(result.passed ? "pass" : "fail")\">\(held)/\(result.claims.count)</td><td>\(Format.fixed(result.seconds, digits: 1)) s</td></tr>\n"
      case .failed(let name, let paper, _):
        body +=
          "<tr><td><a href=\"#\(name)\">\(name)</a></td><td>\(escape(paper.shortCitation)), \(escape(paper.venue))</td><td class=\"fail\">error</td><td></td></tr>\n"
      }
    }
    body += "</table>\n"
    for entry in entries { body += section(entry) }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Reprise reproduction report</title>
      <style>
      body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
      h1 { font-size: 1.7em; } h2 { margin-top: 2.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
      .meta, .paper { color: #555; }
      table { border-collapse: collapse; margin: .8em 0; font-size: .93em; }
      th, td { border: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
      th { background: #f4f4f4; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .pass { color: #176b2c; font-weight: 600; } .fail { color: #b00020; font-weight: 600; }
      figure { display: inline-block; margin: .5em 1em .5em 0; vertical-align: top; }
      figure svg { max-width: 100%; height: auto; }
      figcaption { font-size: .9em; color: #444; max-width: 520px; }
      pre { background: #fbeaea; padding: .6em; white-space: pre-wrap; }
      </style></head><body>
      \(body)</body></html>

      """
  }

  static func section(_ entry: ReportEntry) -> String {
    switch entry {
    case .failed(let name, let paper, let error):
      return
        "<h2 id=\"\(name)\">\(name)</h2>\n<p class=\"paper\">\(escape(paper.citation))</p>\n<pre>\(escape(error))</pre>\n"
    case .finished(let result):
      var html = "<h2 id=\"\(result.experiment)\">\(result.experiment)</h2>\n"
      html += "<p class=\"paper\">\(escape(result.paper.citation))</p>\n"
      html +=
        "<table><tr><th>claim</th><th>value</th><th></th><th>threshold</th><th>result</th><th>source</th></tr>\n"
      for claim in result.claims {
        html +=
          "<tr><td>\(escape(claim.statement))</td><td class=\"num\">\(Format.number(claim.value))</td><td>\(escape(claim.comparison.rawValue))</td><td class=\"num\">\(Format.number(claim.threshold))</td><td class=\"\(claim.passed ? "pass" : "fail")\">\(claim.passed ? "PASS" : "FAIL")</td><td>\(escape(claim.provenance))</td></tr>\n"
      }
      html += "</table>\n"
      for (index, figure) in result.figures.enumerated() {
        let prefix = "\(result.experiment)-\(index)-"
        html +=
          "<figure>\(inlineSVG(figure.svg, idPrefix: prefix))<figcaption>\(escape(figure.caption))</figcaption></figure>\n"
      }
      html +=
        "<details><summary>\(result.metrics.entries.count) measured numbers · \(Format.fixed(result.seconds, digits: 1)) s · digest <code>\(result.digest.prefix(16))</code></summary>\n<table>\n"
      for entry in result.metrics.entries {
        html +=
          "<tr><td>\(escape(entry.name))</td><td class=\"num\">\(Format.number(entry.value))</td></tr>\n"
      }
      html += "</table></details>\n"
      return html
    }
  }

  /// SVG text without its XML declaration, for inlining in HTML, with every
  /// element id (and reference to one) prefixed: figures inlined in one page
  /// must not share ids, or one figure's clip path would clip another.
  static func inlineSVG(_ svg: String, idPrefix: String) -> String {
    var text = svg
    if text.hasPrefix("<?xml"), let end = text.firstRange(of: "?>") {
      text = String(text[end.upperBound...])
    }
    text.replace("id=\"", with: "id=\"" + idPrefix)
    text.replace("url(#", with: "url(#" + idPrefix)
    text.replace("href=\"#", with: "href=\"#" + idPrefix)
    return text
  }

  /// Escapes text for HTML element content and attribute values.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }
}
