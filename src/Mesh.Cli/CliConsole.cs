using System.Text.Json;

namespace Mesh.Cli;

/// <summary>The streams a command reads and writes, and the one place output is formatted.</summary>
public sealed class CliConsole(TextReader stdin, TextWriter stdout, TextWriter stderr)
{
    private static readonly AsyncLocal<CliConsole?> CurrentConsole = new();

    /// <summary>The console of the command running on this flow, for warnings raised deep in a flow.</summary>
    public static CliConsole? Current
    {
        get => CurrentConsole.Value;
        set => CurrentConsole.Value = value;
    }

    /// <summary>Standard input.</summary>
    public TextReader In { get; } = stdin;

    /// <summary>Standard output: results only.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Whether standard output is a terminal, where a screen or its scrollback would keep what is printed.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>Prints <c>mesh: error: message</c> to stderr.</summary>
    public void Error(string message) => stderr.WriteLine($"mesh: error: {message}");

    /// <summary>Prints <c>mesh: hint: message</c> to stderr.</summary>
    public void Hint(string message) => stderr.WriteLine($"mesh: hint: {message}");

    /// <summary>Prints <c>mesh: warning: message</c> to stderr.</summary>
    public void Warning(string message) => stderr.WriteLine($"mesh: warning: {message}");

    /// <summary>Writes one JSON object built by <paramref name="write"/> to stdout, indented, then a newline.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
