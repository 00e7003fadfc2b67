using System.Diagnostics;
using System.Net;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// git's own smart-HTTP back end (git-http-backend, run as CGI) behind a small HTTP server that
/// demands Basic auth for one username and password (the recipe of ../shared/RECIPES.md), serving
/// one repository with one commit.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly string _authorization;
    private readonly string _backend;
    private readonly Task _serving;

    public GitHttpServer(string folder, string username, string password)
    {
        _root = Directory.CreateDirectory(Path.Combine(folder, "git-root")).FullName;
        var work = Path.Combine(folder, "git-work");
        Git(folder, "init", "-q", "-b", "main", work);
        File.WriteAllText(Path.Combine(work, "README"), "hello\n");
        Git(work, "add", "README");
        Git(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "first");
        Git(folder, "clone", "-q", "--bare", work, Path.Combine(_root, "repo.git"));
        _authorization = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:{password}"));
        _backend = Path.Combine(Git(_root, "--exec-path").Out.Trim(), "git-http-backend");
        Port = ServiceLauncher.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The repository's URL.</summary>
    public string Url => $"http://127.0.0.1:{Port}/repo.git";

    /// <summary>How many requests were refused for want of the right credentials.</summary>
    public int Refused { get; private set; }

    /// <summary>Runs git with a clean configuration: no system config, HOME the test folder, never a terminal prompt.</summary>
    public static (int Code, string Out, string Err) Git(string folder, params string[] args) => GitWithInput(folder, "", args);

    /// <summary>As <see cref="Git"/>, with <paramref name="input"/> on git's standard input.</summary>
    public static (int Code, string Out, string Err) GitWithInput(string folder, string input, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["HOME"] = folder;
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment.Remove("GIT_ASKPASS");
        info.Environment.Remove("SSH_ASKPASS");
        using var git = Process.Start(info)!;
        git.StandardInput.Write(input);
        git.StandardInput.Close();
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        if (!git.WaitForExit(TimeSpan.FromSeconds(120))) git.Kill(true);
        return (git.ExitCode, output.Result, error.Result);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is IOException or HttpListenerException or InvalidOperationException)
            {
                context.Response.Abort();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.Headers["Authorization"] != _authorization)
        {
            Refused++;
            response.StatusCode = 401;
            response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
            response.Close();
            return;
        }
        var info = new ProcessStartInfo(_backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["GIT_PROJECT_ROOT"] = _root;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REMOTE_USER"] = "git";
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        info.Environment["REQUEST_METHOD"] = request.HttpMethod;
        info.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        info.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        info.Environment["CONTENT_LENGTH"] = request.ContentLength64 >= 0 ? request.ContentLength64.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        if (request.Headers["Git-Protocol"] is { } protocol) info.Environment["GIT_PROTOCOL"] = protocol;
        if (request.Headers["Content-Encoding"] is { } encoding) info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        using var cgi = Process.Start(info)!;
        var stderr = cgi.StandardError.ReadToEndAsync();
        var copy = Task.Run(async () =>
        {
            await request.InputStream.CopyToAsync(cgi.StandardInput.BaseStream);
            cgi.StandardInput.Close();
        });
        using var output = new MemoryStream();
        await cgi.StandardOutput.BaseStream.CopyToAsync(output);
        await copy;
        await cgi.WaitForExitAsync();
        await stderr;
        // CGI output: headers, a blank line, the body; "Status:" gives the HTTP status.
        var bytes = output.ToArray();
        var split = IndexOf(bytes, "\r\n\r\n"u8) is var crlf and >= 0 ? (crlf, 4) : (IndexOf(bytes, "\n\n"u8), 2);
        var headers = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Max(0, split.Item1)).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var header in headers)
        {
            var at = header.IndexOf(':', StringComparison.Ordinal);
            if (at <= 0) continue;
            var (name, value) = (header[..at].Trim(), header[(at + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.ContentType = value;
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) response.AddHeader(name, value);
        }
        var body = split.Item1 < 0 ? Memory<byte>.Empty : bytes.AsMemory(split.Item1 + split.Item2);
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
