// RFC 4180: comma-separated values. Fields are separated by commas and records by CRLF (LF and a
// lone CR are accepted too, as exporters write them); a field in double quotes may hold commas,
// line breaks and quotes written twice ("").
using System.Text;

namespace Mesh.Client.Import;

/// <summary>One record of a CSV file.</summary>
/// <param name="Line">the line it starts on, from 1</param>
/// <param name="Fields">its fields, unquoted</param>
/// <param name="Error">why it is malformed, or null</param>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// Reads and writes CSV. Reading is strict about quotes but keeps going after a malformed record, so
/// that every bad record can be reported with its line: a quote inside an unquoted field, or text
/// after a closing quote, marks the record malformed; a quoted field left open marks the record that
/// starts it (and swallows the rest of the file). Blank lines are skipped; a leading BOM is dropped.
/// </summary>
public static class Csv
{
    /// <summary>The records of a CSV text.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>The records of a CSV text.</summary>
    public static IEnumerable<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.StartsWith('\uFEFF') ? 1 : 0;
        var line = 1;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            string? error = null;
            var field = new StringBuilder();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                if (i < text.Length && text[i] == '"')
                {
                    // A quoted field: up to the quote that is not doubled.
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        var c = text[i++];
                        if (c == '"')
                        {
                            if (i < text.Length && text[i] == '"')
                            {
                                field.Append('"');
                                i++;
                                continue;
                            }
                            closed = true;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i >= text.Length || text[i] != '\n'))) line++;
                        field.Append(c);
                    }
                    if (!closed) error ??= "a quoted field is not closed before the end of the file.";
                    else if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        error ??= "text follows the closing quote of a field (a quote inside a field must be written twice).";
                }
                // An unquoted field, or what follows a malformed quoted one: up to the next comma or line break.
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"') error ??= "a quote appears inside a field that does not start with one.";
                    field.Append(text[i++]);
                }
                fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                endOfRecord = true;
                if (i < text.Length)
                {
                    i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                }
            }
            if (fields is [""] && error is null) continue; // a blank line
            yield return new CsvRecord(start, fields, error);
        }
    }

    /// <summary>One record as a CSV line (without the line break), quoting the fields that need it.</summary>
    public static string Format(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(',', fields.Select(Quote));
    }

    /// <summary>A field, in quotes (and its quotes doubled) when it holds a comma, quote, line break or edge space.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var needs = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])));
        return needs ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}
