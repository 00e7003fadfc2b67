using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mesh.Cli;

/// <summary><c>mesh hash …</c>: fingerprints of data.</summary>
internal static class HashCommands
{
    private const string DefaultContentType = "application/octet-stream";

    // A few common types; anything else is application/octet-stream unless --content-type says.
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".json"] = "application/json",
        [".xml"] = "application/xml",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml",
        [".webp"] = "image/webp",
        [".mp3"] = "audio/mpeg",
        [".mp4"] = "video/mp4",
        [".der"] = "application/pkix-cert",
        [".cer"] = "application/pkix-cert",
    };

    public static Command Create(CliConsole console)
    {
        var hash = new Command("hash", "Compute fingerprints (UDFs) of files and text.");
        hash.Subcommands.Add(CreateUdf(console));
        return hash;
    }

    private static Command CreateUdf(CliConsole console)
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "The file to fingerprint. Give a FILE or --text, not both.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var text = new Option<string?>("--text")
        {
            HelpName = "TEXT",
            Description = "Fingerprint this text (as UTF-8) instead of a file.",
        };
        var contentType = new Option<string?>("--content-type")
        {
            HelpName = "TYPE",
            Description = "The media type hashed together with the data: the same bytes under another type have another UDF. "
                + "Default: text/plain for --text; for a file, from its extension (.txt text/plain, .json application/json, "
                + $".html text/html, .pdf application/pdf, .png image/png, .jpg image/jpeg, ...), else {DefaultContentType}.",
        };
        var bits = new Option<int>("--bits")
        {
            HelpName = "N",
            Description = $"Precision: a multiple of 20 from {Udf.MinBits} to {Udf.MaxBits} bits. More bits make a longer UDF that is harder to forge; "
                + $"a shorter UDF of the same data is a prefix of a longer one. Default {Udf.DefaultBits} (28 characters).",
            DefaultValueFactory = _ => Udf.DefaultBits,
        };
        var sha3 = new Option<bool>("--sha3")
        {
            Description = "Digest with SHA-3-512 (the UDF starts with K) instead of SHA-2-512 (starts with M).",
        };
        var key = new Option<string?>("--key")
        {
            HelpName = "KEY",
            Description = "Make a keyed UDF (an authenticator, starts with A) that only holders of KEY can compute or check, "
                + "for example a nonce from 'mesh key nonce'. KEY is used exactly as typed: case and dashes matter.",
        };
        var json = JsonOption();
        var command = new Command("udf", "Print the Uniform Data Fingerprint of a file or a text: a digest of its content type and content, in Base32.")
        {
            file, text, contentType, bits, sha3, key, json,
        };

        bits.Validators.Add(result =>
        {
            if (TryGetInt(result, out var value) && (value is < Udf.MinBits or > Udf.MaxBits || value % 20 != 0))
                result.AddError($"--bits must be a multiple of 20 from {Udf.MinBits} to {Udf.MaxBits}, not {value}.");
        });
        command.Validators.Add(result =>
        {
            var hasFile = result.GetValue(file) is not null;
            var hasText = result.GetValue(text) is not null;
            if (hasFile == hasText)
                result.AddError(hasFile ? "Give a FILE or --text, not both." : "Give a FILE to fingerprint, or --text.");
            if (result.GetValue(contentType) is "")
                result.AddError("--content-type must not be empty.");
            if (result.GetValue(key) is { } k && k.Length == 0)
                result.AddError("--key must not be empty.");
            if (result.GetValue(key) is not null && result.GetValue(sha3))
                result.AddError("--sha3 and --key cannot be combined: keyed UDFs use HMAC-SHA-512.");
        });

        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file);
            var textValue = parsed.GetValue(text);
            var precision = parsed.GetValue(bits);
            var keyValue = parsed.GetValue(key);
            var algorithm = parsed.GetValue(sha3) ? UdfAlgorithm.Sha3 : UdfAlgorithm.Sha2;
            var type = parsed.GetValue(contentType)
                ?? (textValue is not null ? "text/plain" : ContentTypes.GetValueOrDefault(Path.GetExtension(path!), DefaultContentType));

            string udf;
            try
            {
                if (textValue is not null)
                {
                    var data = System.Text.Encoding.UTF8.GetBytes(textValue);
                    udf = keyValue is null ? Udf.ContentDigest(type, data, precision, algorithm) : Udf.Keyed(keyValue, type, data, precision);
                }
                else
                {
                    udf = HashFile(path!, stream => keyValue is null
                        ? Udf.ContentDigest(type, stream, precision, algorithm)
                        : Udf.Keyed(keyValue, type, stream, precision));
                }
            }
            catch (PlatformNotSupportedException e)
            {
                throw new CliException(e.Message, "leave out --sha3 to use SHA-2-512.");
            }

            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteString("udf", udf);
                    w.WriteString("contentType", type);
                    w.WriteNumber("bits", precision);
                    w.WriteString("algorithm", keyValue is not null ? "HMAC-SHA-512" : algorithm == UdfAlgorithm.Sha3 ? "SHA-3-512" : "SHA-2-512");
                });
            }
            else
            {
                console.Out.WriteLine(udf);
            }
            return 0;
        });
        return command;
    }

    // Reads the file as a stream, so that a large file is hashed without loading it whole.
    private static string HashFile(string path, Func<Stream, string> digest)
    {
        if (Directory.Exists(path))
            throw new CliException($"'{path}' is a directory, not a file.", "fingerprint the files in it one by one.");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return digest(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"Cannot read '{path}': no such file.", "check the path; to fingerprint a text, use --text.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// The value of an int option for a validator. System.CommandLine 2.0.0 runs validators even
    /// when the value did not convert (that error is already reported) and then throws on reading
    /// it; false in that case.
    /// </summary>
    internal static bool TryGetInt(OptionResult? result, out int value)
    {
        value = 0;
        if (result is null) return false;
        try
        {
            value = result.GetValueOrDefault<int>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print the result as one JSON object." };
}
