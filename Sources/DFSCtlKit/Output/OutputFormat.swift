import ArgumentParser
import ControlModels
import Foundation

/// `-o table|json|yaml` of every list and get.
public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case table, json, yaml
}

/// A value that has a row in a table: its columns' headers and cells.
public protocol TableRow {
    static var tableHeaders: [String] { get }
    var tableCells: [String] { get }
}

/// Renders values as aligned tables, JSON or YAML. Pure: returns the text
/// (ending in a newline) to print.
public enum Render {
    /// A list in the given format.
    public static func list<T: Encodable & TableRow>(_ items: [T], as format: OutputFormat) throws -> String {
        switch format {
        case .table: Table.render(headers: T.tableHeaders, rows: items.map(\.tableCells))
        case .json: try json(items)
        case .yaml: try yaml(items)
        }
    }

    /// One item in the given format (a table of one row).
    public static func item<T: Encodable & TableRow>(_ item: T, as format: OutputFormat) throws -> String {
        switch format {
        case .table: Table.render(headers: T.tableHeaders, rows: [item.tableCells])
        case .json: try json(item)
        case .yaml: try yaml(item)
        }
    }

    /// Pretty JSON with sorted keys.
    public static func json(_ value: some Encodable) throws -> String {
        JSONText.pretty(try jsonValue(value))
    }

    /// YAML (block style, sorted keys) of the value's JSON form.
    public static func yaml(_ value: some Encodable) throws -> String {
        YAML.emit(try jsonValue(value))
    }

    /// The value as the API's JSON document.
    static func jsonValue(_ value: some Encodable) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: try JSONEncoder().encode(value))
    }
}

/// Aligned columns separated by two spaces, headers first.
public enum Table {
    public static func render(headers: [String], rows: [[String]]) -> String {
        let all = [headers] + rows.map { row in row.map(clean) }
        var widths = Array(repeating: 0, count: headers.count)
        for row in all { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for row in all {
            var line = ""
            for (i, c) in row.enumerated() where i < widths.count {
                if i > 0 { line += "  " }
                line += c
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - c.count) }
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// A cell on one line: control characters become spaces; empty is "-".
    static func clean(_ s: String) -> String {
        let t = String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return t.isEmpty ? "-" : t
    }

    /// A list of names as one cell.
    static func list(_ items: [String]) -> String { items.isEmpty ? "-" : items.joined(separator: ",") }
}
