// C2SP tlog-witness (https://c2sp.org/tlog-witness): the log's side of add-checkpoint.
using System.Globalization;
using System.Net;
using Mesh.Portal.Storage;
using Mesh.Transparency;

namespace Mesh.Portal.Transparency;

/// <summary>A witness the portal submits its checkpoints to: its cosigner key and the URL prefix of its add-checkpoint.</summary>
public sealed record WitnessEndpoint(NoteVerifierKey Key, Uri Url)
{
    /// <summary>Reads <c>"VKEY URL, VKEY URL"</c>; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static IReadOnlyList<WitnessEndpoint> ParseList(string? list)
    {
        var witnesses = new List<WitnessEndpoint>();
        foreach (var item in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is not [var vkey, var url] || !NoteVerifierKey.TryParse(vkey, out var key) || key.Type != NoteVerifierKey.CosignatureType
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"'{item}' is not a witness: give its cosigner vkey (NAME+HASH+BASE64, type 0x04) and its URL, separated by a space.");
            // add-checkpoint is relative to the URL as to a folder.
            witnesses.Add(new WitnessEndpoint(key, uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/")));
        }
        return witnesses;
    }
}

/// <summary>
/// Has each new checkpoint cosigned by the portal's witnesses, in the background: it submits the checkpoint note with
/// a consistency proof from the size each witness last cosigned (learnt from its 409 when not known), and once at
/// least <paramref name="quorum"/> witnesses have cosigned, keeps the note with their cosignatures for
/// <c>GET /checkpoint</c>. A witness that holds a larger tree than the portal's (the portal's store was rolled back,
/// or it shares its key with a fork) can never cosign again; that is logged as an error.
/// </summary>
public sealed partial class Witnessing(IPortalStore store, Checkpointer checkpointer, IReadOnlyList<WitnessEndpoint> witnesses, int quorum,
    HttpClient http, ILogger<Witnessing> logger) : BackgroundService
{
    private readonly long[] _cosignedSize = new long[witnesses.Count];
    // A reference, swapped whole, as the Checkpointer keeps its note.
    private Cosigned? _latest;

    /// <summary>The witnesses.</summary>
    public IReadOnlyList<WitnessEndpoint> Witnesses => witnesses;

    /// <summary>The most recent checkpoint note cosigned by a quorum of the witnesses, with their cosignatures; null before the first.</summary>
    public string? CosignedNote => _latest?.Note;

    private sealed record Cosigned(long Size, string Note);

    /// <summary>Submits the latest checkpoint to every witness unless it is already cosigned; returns how many cosigned it now.</summary>
    public async Task<int> WitnessLatestAsync(CancellationToken cancel)
    {
        var row = store.LatestCheckpoint();
        if (row is null || row.TreeSize <= (_latest?.Size ?? -1)) return -1;
        var note = checkpointer.Note(row);
        var lines = await Task.WhenAll(witnesses.Select((w, i) => SubmitAsync(i, note, row.TreeSize, cancel))).ConfigureAwait(false);
        var cosignatures = lines.Where(l => l is not null).ToList();
        if (cosignatures.Count >= quorum) _latest = new Cosigned(row.TreeSize, note + string.Concat(cosignatures));
        return cosignatures.Count;
    }

    // The witness's cosignature line of the note, or null (logged) when it gives none.
    private async Task<string?> SubmitAsync(int i, string note, long size, CancellationToken cancel)
    {
        var witness = witnesses[i];
        try
        {
            // Twice at most: a 409 tells the size the witness holds, and the second request proves from there.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var old = _cosignedSize[i];
                if (old > size)
                {
                    LogAhead(logger, witness.Key.Name, old, size);
                    return null;
                }
                var body = new AddCheckpointRequest(old, Proofs.Consistency(store, old, size), note).Format();
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "text/plain");
                using var response = await http.PostAsync(new Uri(witness.Url, "add-checkpoint"), content, cancel).ConfigureAwait(false);
                var answer = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Conflict && AddCheckpointRequest.TryDecimal(answer.TrimEnd('\n'), out var held))
                {
                    _cosignedSize[i] = held;
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    LogRefused(logger, witness.Key.Name, size, (int)response.StatusCode, answer.Length > 500 ? answer[..500] : answer);
                    return null;
                }
                var line = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n")
                    .FirstOrDefault(l => Cosignature.Verify(note + l, [witness.Key]).Count == 1);
                if (line is null)
                {
                    LogRefused(logger, witness.Key.Name, size, 200, "no valid cosignature by its key in the answer");
                    return null;
                }
                _cosignedSize[i] = size;
                return line;
            }
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            LogUnreachable(logger, witness.Key.Name, e.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WitnessLatestAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(checkpointer.Interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The store may be down for a while; try again next time.
                LogFailure(logger, e);
                await Task.Delay(checkpointer.Interval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Witness {Witness} has cosigned a tree of {Held} entries, larger than this portal's {Size}: this log was rolled back or forked")]
    private static partial void LogAhead(ILogger logger, string witness, long held, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Witness {Witness} refused the checkpoint of size {Size}: {Status} {Answer}")]
    private static partial void LogRefused(ILogger logger, string witness, long size, int status, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Witness {Witness} is unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string witness, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not have the checkpoint witnessed")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
