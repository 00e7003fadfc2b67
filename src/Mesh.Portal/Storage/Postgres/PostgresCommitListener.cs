using System.Globalization;
using Npgsql;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// Hears the commits of every portal process on the database: LISTEN on a connection of its own, and
/// each write transaction's NOTIFY (the log's new size) handed on in commit order. A connection that
/// fails, or stays silent without answering a ping, is reported lost and opened again a second later.
/// </summary>
internal sealed class PostgresCommitListener : IDisposable
{
    private static readonly TimeSpan Ping = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PostgresCommitListener(string connectionString, string channel, Action<long> listening, Action<long, bool> committed, Action lost) =>
        _loop = Task.Run(() => RunAsync(connectionString, channel, listening, committed, lost, _stop.Token));

    private static async Task RunAsync(string connectionString, string channel, Action<long> listening, Action<long, bool> committed, Action lost,
        CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stop).ConfigureAwait(false);
                // Announcements arrive while WaitAsync reads the connection; they are handed on after it returns,
                // so that a callback that fails ends this connection like any other failure.
                var heard = new Queue<string>();
                connection.Notification += (_, e) => heard.Enqueue(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                // Read after LISTEN: a commit in between is both in this size and announced (and then ignored).
                listening(PostgresQueries.Head(connection, null).Size);
                while (!stop.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(Ping, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                    while (heard.TryDequeue(out var payload)) Hand(payload, committed);
                }
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                lost();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // "SIZE" after a commit that grew the log, "SIZE reset" after one that rebuilt the derived state. Anyone
    // allowed on the database may NOTIFY the channel: what is not one of those is ignored.
    private static void Hand(string payload, Action<long, bool> committed)
    {
        var parts = payload.Split(' ');
        if (parts is [_] or [_, "reset"] && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            committed(size, parts.Length == 2);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped while connecting: nothing to close.
        }
        _stop.Dispose();
    }
}
