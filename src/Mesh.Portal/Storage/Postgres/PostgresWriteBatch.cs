using Npgsql;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The writes of a transaction not yet sent: they go to the server together, in one round trip,
/// before the next read of the transaction (which must see them) or the commit. A publish's log
/// entry, derived rows and Merkle nodes cost one round trip instead of one each.
/// </summary>
internal sealed class PostgresWriteBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) : IDisposable
{
    private NpgsqlBatch _batch = new(connection, transaction);

    /// <summary>Queues a statement.</summary>
    public void Add(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Add(command);
    }

    /// <summary>Sends every queued statement; a failure fails the transaction, as it would have one statement at a time.</summary>
    public void Flush()
    {
        if (_batch.BatchCommands.Count == 0) return;
        var sending = _batch;
        _batch = new NpgsqlBatch(connection, transaction);
        using (sending) sending.ExecuteNonQuery();
    }

    public void Dispose() => _batch.Dispose();
}
